package dev.ses.core.internal.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Stops a read when one record grows past a limit. An unclosed quote near the top of a large file would
 * otherwise make the CSV parser gather the rest of the file into one value. The count is of characters taken
 * from the source, and the buffers above read ahead, so the limit holds within some tens of kilobytes.
 */
final class RecordLengthGuard extends FilterReader {
    private final long maxRecordChars;
    private long consumed;
    private long recordStart;

    RecordLengthGuard(Reader source, long maxRecordChars) {
        super(source);
        this.maxRecordChars = maxRecordChars;
    }

    /** Marks the end of a record: the next one starts counting here. */
    void recordEnded() {
        recordStart = consumed;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) throws RecordTooLongException {
        consumed += n;
        if (consumed - recordStart > maxRecordChars) {
            throw new RecordTooLongException(maxRecordChars);
        }
    }

    /** Thrown through the parser when a record passes the limit. */
    static final class RecordTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        RecordTooLongException(long maxRecordChars) {
            super("a record is longer than " + maxRecordChars + " characters");
        }
    }
}
