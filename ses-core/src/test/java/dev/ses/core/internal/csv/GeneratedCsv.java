package dev.ses.core.internal.csv;

import java.io.Reader;

/**
 * A CSV file made up while it is read: a header, then {@code rows} generated rows. Nothing but the current row
 * is ever held, so a test can feed a large file without building it first, and can see how far the reader got.
 */
final class GeneratedCsv extends Reader {
    private final int rows;
    private String pending = "email,name,n\n";
    private int pos;
    private int produced;

    GeneratedCsv(int rows) {
        this.rows = rows;
    }

    /** How many data rows have been handed out so far. */
    int produced() {
        return produced;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int n = 0;
        while (n < length) {
            if (pos == pending.length()) {
                if (produced == rows) {
                    break;
                }
                produced++;
                pending = "user" + produced + "@example.test,User " + produced + "," + produced + "\n";
                pos = 0;
            }
            int take = Math.min(length - n, pending.length() - pos);
            pending.getChars(pos, pos + take, buffer, offset + n);
            pos += take;
            n += take;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() {
    }
}
