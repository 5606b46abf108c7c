package dev.ses.core.internal.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes one CSV export: RFC 4180 (CRLF line ends, quotes only where a cell needs them), a header row, then one
 * record at a time straight to the caller's writer, so an export of any length holds one page in memory.
 *
 * <p>Why cells are rewritten: a spreadsheet runs a cell that starts with {@code =}, {@code +}, {@code -} or
 * {@code @} (and, in some, TAB or CR) as a formula, so a recipient's user agent or a server's reply could run in the
 * reader's spreadsheet. Such a cell is prefixed with {@code '}, which spreadsheets show as text and hide.
 */
public final class CsvExport implements AutoCloseable {
    private final CSVPrinter printer;
    private long rows;

    /** Starts an export: writes the header. */
    public CsvExport(Writer out, List<String> header) {
        try {
            this.printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.MINIMAL).get());
            printer.printRecord(header);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The cell a spreadsheet shows as the text it is. */
    public static String neutralised(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
    }

    /** Writes one record; each cell is neutralised. */
    public void row(List<String> cells) {
        List<String> safe = new ArrayList<>(cells.size());
        for (String cell : cells) {
            safe.add(neutralised(cell));
        }
        try {
            printer.printRecord(safe);
        } catch (IOException e) {
            throw failed(e);
        }
        rows++;
    }

    /** How many records were written, the header left out. */
    public long rows() {
        return rows;
    }

    /** A time as milliseconds since the epoch (UTC). */
    public static String millis(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    /** A time in ISO 8601, UTC, to the millisecond. */
    public static String iso(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    /** An optional value, empty when absent. */
    public static String text(Optional<?> value) {
        return value.map(String::valueOf).orElse("");
    }

    /** Flushes what was written; the caller's writer stays open. */
    @Override
    public void close() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("the export could not be written: " + e.getMessage(), e);
    }
}
