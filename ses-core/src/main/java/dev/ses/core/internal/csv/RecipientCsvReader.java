package dev.ses.core.internal.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ses.core.ErrorCode;
import dev.ses.core.ImportColumn;
import dev.ses.core.ImportReport;
import dev.ses.core.ImportWarning;
import dev.ses.core.RejectReason;
import dev.ses.core.RejectedRow;
import dev.ses.core.SesException;
import dev.ses.core.spi.RecipientRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;
import org.apache.commons.io.input.CloseShieldReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads the recipients of a group from a CSV file, as a stream.
 *
 * <h2>The file</h2>
 * The first line is the header and names the columns, as {@link CsvHeader} reads it: the column headed
 * {@code email}, {@code E-Mail}, {@code mail} or {@code Email Address} (any case), wherever it stands, holds the
 * address, or the first column when none is so named; every other column is a variable, its header turned into a
 * plain Mustache name by the rule on {@link ImportColumn} ({@code First Name} becomes {@code First_Name}). A header
 * that yields no such name, two columns that yield the same one, two address columns, or a header cell holding
 * {@code @} (a forgotten header) refuse the file.
 *
 * <p>A first line such as {@code sep=;}, which files made for Excel may hold to name their delimiter (a comma, a
 * semicolon, a tab or {@code |}), is obeyed and skipped as Excel does; the header is then line 2.
 *
 * <p>The text is UTF-8, with or without a byte order mark ({@link #decode(InputStream)} turns bytes into text
 * and also honours a UTF-16 byte order mark); a {@code U+FEFF} at the start of a {@link Reader} is dropped too.
 * Lines end in CRLF, LF or CR. Values may be quoted with {@code "}, and a quoted value may hold the delimiter,
 * doubled quotes and line breaks. The delimiter is a comma, a semicolon or a tab, whichever the header line holds
 * most of outside quotes (a comma on a tie or when there is none). Lines that are empty or hold nothing but
 * blanks and delimiters are skipped wherever they are, so trailing empty lines do no harm.
 *
 * <h2>The rows</h2>
 * A row is checked in this order and gets the first reason that applies:
 * <ol>
 *   <li>A value past the columns the header names is a {@link RejectReason#WRONG_COLUMN_COUNT}; empty values there
 *       are not, since spreadsheets write empty cells for columns that were formatted but never filled (a header's
 *       empty names past its last named column are dropped the same way). A row with fewer values reads the missing
 *       ones as empty, as spreadsheets write a row whose last cells are empty.</li>
 *   <li>A value that is not text as the file meant it, {@link RejectReason#INVALID_TEXT} (see {@link MisreadText}:
 *       a {@code U+FFFD}, or UTF-8 read as Windows-1252), so that a file a lenient {@link Reader} decoded cannot
 *       import garbled names; a header with such text refuses the file.</li>
 *   <li>An address that is missing or not valid, {@link RejectReason#INVALID_ADDRESS} (see
 *       {@link RecipientAddresses}).</li>
 *   <li>A value with a control character other than tab, CR and LF, or variables that take more than
 *       {@link Builder#maxVariablesJsonBytes} bytes as a JSON object, {@link RejectReason#INVALID_VALUE}.</li>
 *   <li>An address already on an earlier row or in the group, compared by {@link RecipientAddresses#key} (without
 *       case unless {@link Builder#exactLocalParts()}), {@link RejectReason#DUPLICATE_ADDRESS}; a duplicate of an
 *       earlier row names its line.</li>
 * </ol>
 * Values are kept exactly, spaces and line breaks included: a value is never altered silently. Line breaks are
 * legitimate in a body; a task whose subject uses a value that holds one refuses to start
 * ({@link dev.ses.core.internal.SubjectLineBreaks}). The address is trimmed and normalised. A valid row may carry
 * warnings: {@link ImportWarning.Kind#MISSING_VALUES} for fewer values than columns, and
 * {@link ImportWarning.Kind#MIXED_SCRIPTS} for a domain label that mixes scripts (see
 * {@link RecipientAddresses#mixedScripts}).
 *
 * <h2>All or nothing, and memory</h2>
 * Accepted rows go to a {@link RecipientSink} in chunks while the file is read, so that a store can write them in
 * batches; the reader itself keeps only the current chunk, the group's addresses and those seen so far (for
 * duplicates), the rejected rows and the warnings. {@link #readAllOrNothing} stops handing rows to the sink at the
 * first rejected row but reads on to report every rejected row; the caller writes the chunks inside one
 * transaction and commits it only when {@link ImportReport#applied()} is true. A caller that cannot roll back
 * collects the chunks in a list (holding the rows themselves, nothing more) and writes them once the report says
 * {@code applied}.
 * {@link #readSkippingInvalid} hands every valid row to the sink and reports the others.
 *
 * <h2>Whole-file errors</h2>
 * A file that cannot be read as a whole throws {@link SesException} with {@link ErrorCode#IMPORT_REJECTED} and a
 * message naming the line: an empty file, a bad header, broken quoting, text that is not UTF-8, a row longer
 * than about a million characters (an unclosed quote), or more data rows than {@link Builder#maxRecipients}
 * (counted before any other check; the read stops at the first row too many). The sink may have received chunks
 * by then; the caller discards them as for a rejected import.
 *
 * <p>The reader never closes the source it is given. Instances are immutable and thread-safe; each call reads
 * one file on the calling thread.
 */
public final class RecipientCsvReader {
    /** Default most data rows in one file. */
    public static final int DEFAULT_MAX_RECIPIENTS = 10_000;
    /** Default most bytes of one row's variables as a JSON object, as the reproduced service allows. */
    public static final int DEFAULT_MAX_VARIABLES_JSON_BYTES = 800;
    /** Default most rows in one call of {@link RecipientSink#accept}. */
    public static final int DEFAULT_CHUNK_SIZE = 1_000;

    static final int MAX_HEADER_CHARS = 64 * 1024;
    static final int MAX_RECORD_CHARS = 1024 * 1024;
    private static final int MAX_SHOWN_CHARS = 60;
    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final int maxRecipients;
    private final int maxVariablesJsonBytes;
    private final int chunkSize;
    private final boolean exactLocalParts;

    private RecipientCsvReader(Builder builder) {
        this.maxRecipients = builder.maxRecipients;
        this.maxVariablesJsonBytes = builder.maxVariablesJsonBytes;
        this.chunkSize = builder.chunkSize;
        this.exactLocalParts = builder.exactLocalParts;
    }

    /** A reader with the default limits. */
    public static RecipientCsvReader defaults() {
        return builder().build();
    }

    /** A builder starting from the default limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most data rows one file may hold. */
    public int maxRecipients() {
        return maxRecipients;
    }

    /**
     * Reads a file for an all-or-nothing import: the sink receives accepted rows until the first rejected one,
     * and the report is {@link ImportReport#applied() applied} only when no row was rejected. The caller keeps
     * what the sink received only in that case.
     *
     * @param source the text of the file; read to its end, not closed
     * @param inGroup the normalised addresses (see {@link RecipientAddresses}) already in the group
     * @param sink where accepted rows go
     * @return the report; {@code valid} counts the rows that passed every check
     * @throws SesException {@link ErrorCode#IMPORT_REJECTED} when the file as a whole cannot be imported
     */
    public ImportReport readAllOrNothing(Reader source, Collection<String> inGroup, RecipientSink sink) {
        return read(source, inGroup, sink, true);
    }

    /**
     * Reads a file for an import that keeps the valid rows: the sink receives every accepted row, the report
     * lists the rejected ones and is always {@link ImportReport#applied() applied}.
     *
     * @param source the text of the file; read to its end, not closed
     * @param inGroup the normalised addresses (see {@link RecipientAddresses}) already in the group
     * @param sink where accepted rows go
     * @return the report
     * @throws SesException {@link ErrorCode#IMPORT_REJECTED} when the file as a whole cannot be imported
     */
    public ImportReport readSkippingInvalid(Reader source, Collection<String> inGroup, RecipientSink sink) {
        return read(source, inGroup, sink, false);
    }

    /**
     * Turns the bytes of a file into text: UTF-8, or UTF-16 when a UTF-16 byte order mark says so; a byte order
     * mark is dropped. Bytes that are not valid in that encoding make the read fail with
     * {@link ErrorCode#IMPORT_REJECTED} rather than turn into replacement characters. Reads the first bytes at
     * once to look for a byte order mark.
     *
     * @param bytes the file; closing the returned reader closes it
     * @return the text, unbuffered
     * @throws SesException {@link ErrorCode#IMPORT_REJECTED} when the first bytes cannot be read
     */
    public static Reader decode(InputStream bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            BOMInputStream withoutBom = BOMInputStream.builder()
                    .setInputStream(bytes)
                    .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE)
                    .setInclude(false)
                    .get();
            String charsetName = withoutBom.getBOMCharsetName();
            Charset charset = charsetName == null ? StandardCharsets.UTF_8 : Charset.forName(charsetName);
            return new StrictDecodingReader(withoutBom, charset);
        } catch (IOException e) {
            throw new SesException(ErrorCode.IMPORT_REJECTED, "the file could not be read: " + e.getMessage(), e);
        }
    }

    private ImportReport read(Reader source, Collection<String> inGroup, RecipientSink sink, boolean allOrNothing) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inGroup, "inGroup");
        Objects.requireNonNull(sink, "sink");
        RecordLengthGuard guard = new RecordLengthGuard(CloseShieldReader.wrap(source), MAX_RECORD_CHARS);
        BufferedReader text = new BufferedReader(guard);
        CSVFormat format;
        long headerLine;
        try {
            skipByteOrderMark(text);
            OptionalInt declared = declaredDelimiter(text);
            headerLine = declared.isPresent() ? 2 : 1;
            format = CSVFormat.RFC4180.builder()
                    .setDelimiter(declared.isPresent() ? (char) declared.getAsInt() : detectDelimiter(text))
                    .setIgnoreEmptyLines(false)
                    .get();
        } catch (IOException e) {
            throw unreadable(e, 1);
        }
        try (CSVParser parser = CSVParser.builder().setReader(text).setFormat(format).get()) {
            return new Import(parser, guard, inGroup, sink, allOrNothing, headerLine).run();
        } catch (IOException e) {
            throw unreadable(e, 1);
        }
    }

    private static void skipByteOrderMark(BufferedReader text) throws IOException {
        text.mark(1);
        if (text.read() != '\uFEFF') {
            text.reset();
        }
    }

    /**
     * Reads the line such as {@code sep=;} that files made for Excel may start with to name their delimiter (Excel
     * obeys it and does not show it); rewinds when the first line is another.
     */
    private static OptionalInt declaredDelimiter(BufferedReader text) throws IOException {
        text.mark(8);
        StringBuilder head = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = text.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        int delimiter = head.toString().equalsIgnoreCase("sep=") ? text.read() : -1;
        if (delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|') {
            text.reset();
            return OptionalInt.empty();
        }
        int end = text.read();
        if (end == '\r') {
            text.mark(1);
            if (text.read() != '\n') {
                text.reset();
            }
        } else if (end != '\n' && end >= 0) {
            text.reset();
            return OptionalInt.empty();
        }
        return OptionalInt.of(delimiter);
    }

    /** Counts the candidate delimiters outside quotes on the first line, then rewinds to the start. */
    private static char detectDelimiter(BufferedReader text) throws IOException {
        text.mark(MAX_HEADER_CHARS + 1);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        int read = 0;
        for (int c = text.read(); c >= 0; c = text.read()) {
            if (++read > MAX_HEADER_CHARS) {
                throw new SesException(ErrorCode.IMPORT_REJECTED,
                        "line 1: the header is longer than " + MAX_HEADER_CHARS + " characters");
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '\n' || c == '\r') {
                    break;
                } else if (c == ',') {
                    commas++;
                } else if (c == ';') {
                    semicolons++;
                } else if (c == '\t') {
                    tabs++;
                }
            }
        }
        text.reset();
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        return tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    private static SesException unreadable(Throwable cause, long line) {
        String what;
        if (cause instanceof RecordLengthGuard.RecordTooLongException) {
            what = "the row starting here runs past " + MAX_RECORD_CHARS + " characters; is a quote left open?";
        } else if (cause instanceof CharacterCodingException) {
            what = "the file is not UTF-8 text; save it as CSV in UTF-8";
        } else if (cause instanceof CSVException) {
            what = "the quoting of the row starting here is broken (" + cause.getMessage() + ")";
        } else {
            what = "the file could not be read: " + cause.getMessage();
        }
        return new SesException(ErrorCode.IMPORT_REJECTED, "line " + line + ": " + what, cause);
    }

    /** Shows a value in a message: quoted, shortened, control characters escaped. */
    static String show(String value) {
        int end = value.length();
        boolean shortened = false;
        if (end > MAX_SHOWN_CHARS) {
            end = Character.isHighSurrogate(value.charAt(MAX_SHOWN_CHARS - 1)) ? MAX_SHOWN_CHARS - 1 : MAX_SHOWN_CHARS;
            shortened = true;
        }
        StringBuilder shown = new StringBuilder(end + 8).append('"');
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (isControl(c)) {
                        shown.append(String.format("\\u%04X", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.append(shortened ? "...\"" : "\"").toString();
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String inWords(List<String> names) {
        int last = names.size() - 1;
        return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
    }

    /** What is wrong with one variable value, or null when nothing is. */
    private static @Nullable String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && c != '\r' && c != '\n' && isControl(c)) {
                return String.format("holds the control character U+%04X", (int) c);
            }
        }
        return null;
    }

    private static int jsonSize(Map<String, String> variables) {
        try {
            return JSON.writeValueAsBytes(variables).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** Where an address first appeared in the file, and how it was written there. */
    private record FirstRow(long line, String email) {
    }

    /** The state of one read. */
    private final class Import {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final RecordLengthGuard guard;
        /** The group's addresses by {@link RecipientAddresses#key}. */
        private final Map<String, String> inGroup = new HashMap<>();
        private final RecipientSink sink;
        private final boolean allOrNothing;
        /** The line of the header: 1, or 2 after a {@code sep=} line. */
        private final long headerLine;
        private final Map<String, FirstRow> firstRowByKey = new HashMap<>();
        private final List<RejectedRow> rejected = new ArrayList<>();
        private final List<ImportWarning> warnings = new ArrayList<>();
        private List<RecipientRow> chunk = new ArrayList<>();
        private boolean emitting = true;
        private CsvHeader header;
        private long line;
        private long nextLine;
        private int rows;
        private int valid;

        Import(CSVParser parser, RecordLengthGuard guard, Collection<String> inGroup, RecipientSink sink,
               boolean allOrNothing, long headerLine) {
            this.parser = parser;
            this.records = parser.iterator();
            this.guard = guard;
            inGroup.forEach(email -> this.inGroup.putIfAbsent(RecipientAddresses.key(email, exactLocalParts), email));
            this.sink = sink;
            this.allOrNothing = allOrNothing;
            this.headerLine = headerLine;
            this.nextLine = headerLine;
        }

        ImportReport run() {
            CSVRecord first = next();
            if (first == null) {
                throw new SesException(ErrorCode.IMPORT_REJECTED, "line " + line
                        + ": the file is empty; its first line must name the columns, e.g. email,name");
            }
            List<String> cells = new ArrayList<>(first.size());
            first.forEach(cells::add);
            this.header = CsvHeader.parse(cells, line);
            sink.start(this.header.variables());
            for (CSVRecord record = next(); record != null; record = next()) {
                if (isBlank(record)) {
                    continue;
                }
                if (++rows > maxRecipients) {
                    throw new SesException(ErrorCode.IMPORT_REJECTED, "line " + line + ": the file holds more than "
                            + maxRecipients + " recipients, the most one import takes; split it into several files");
                }
                check(record);
            }
            flush();
            return ImportReport.of(!allOrNothing || rejected.isEmpty(), valid, header.columns(), rejected, warnings);
        }

        /** The next record, or null at the end of the file; {@link #line} becomes the line where it starts. */
        private @Nullable CSVRecord next() {
            line = nextLine;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                CSVRecord record = records.next();
                nextLine = parser.getCurrentLineNumber() + headerLine;
                guard.recordEnded();
                return record;
            } catch (UncheckedIOException e) {
                throw unreadable(e.getCause(), line);
            }
        }

        private boolean isBlank(CSVRecord record) {
            for (String value : record) {
                if (!value.isBlank()) {
                    return false;
                }
            }
            return true;
        }

        private void check(CSVRecord record) {
            int columns = header.width();
            int size = record.size();
            for (int i = columns; i < size; i++) {
                // Spreadsheets write empty cells past the last named column for cells that were only formatted.
                if (!record.get(i).isEmpty()) {
                    reject(RejectReason.WRONG_COLUMN_COUNT, "the row has " + size + " values, the header names "
                            + columns + " columns; column " + (i + 1) + " holds " + show(record.get(i)));
                    return;
                }
            }
            for (int i = 0; i < Math.min(size, columns); i++) {
                String textProblem = MisreadText.problem(record.get(i));
                if (textProblem != null) {
                    reject(RejectReason.INVALID_TEXT, "the value of " + header.columns().get(i).header() + ", "
                            + show(record.get(i)) + ", " + textProblem);
                    return;
                }
            }
            ImportColumn addressColumn = header.columns().get(header.addressIndex());
            if (header.addressIndex() >= size) {
                reject(RejectReason.INVALID_ADDRESS, "the row has " + size + " values and ends before column "
                        + addressColumn.number() + ", " + addressColumn.header() + ", which holds the address");
                return;
            }
            String raw = record.get(header.addressIndex());
            Optional<String> address = RecipientAddresses.normalise(raw);
            if (address.isEmpty()) {
                reject(RejectReason.INVALID_ADDRESS, "the value of " + addressColumn.header() + ", " + show(raw)
                        + ", is not a valid email address");
                return;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (ImportColumn column : header.columns()) {
                if (column.isAddress()) {
                    continue;
                }
                String name = column.variable().orElseThrow();
                String value = column.number() <= size ? record.get(column.number() - 1) : "";
                String problem = valueProblem(value);
                if (problem != null) {
                    reject(RejectReason.INVALID_VALUE, "the value of " + column.header() + ", " + show(value) + ", "
                            + problem);
                    return;
                }
                values.put(name, value);
            }
            int jsonBytes = jsonSize(values);
            if (jsonBytes > maxVariablesJsonBytes) {
                reject(RejectReason.INVALID_VALUE, "the variables take " + jsonBytes + " bytes as JSON, more than the "
                        + maxVariablesJsonBytes + " allowed per recipient");
                return;
            }
            String email = address.get();
            String key = RecipientAddresses.key(email, exactLocalParts);
            FirstRow first = firstRowByKey.get(key);
            if (first != null) {
                rejected.add(new RejectedRow(line, RejectReason.DUPLICATE_ADDRESS, show(email) + " repeats line "
                        + first.line() + spelling(email, first.email()), OptionalLong.of(first.line())));
                stopEmitting();
                return;
            }
            String member = inGroup.get(key);
            if (member != null) {
                reject(RejectReason.DUPLICATE_ADDRESS, show(email) + " is already in the group"
                        + spelling(email, member));
                return;
            }
            firstRowByKey.put(key, new FirstRow(line, email));
            valid++;
            RecipientAddresses.mixedScripts(email).ifPresent(mixed -> warnings.add(new ImportWarning(line,
                    ImportWarning.Kind.MIXED_SCRIPTS, "the domain of " + show(CsvHeader.trim(raw)) + " mixes "
                    + inWords(mixed.scripts()) + " letters in " + show(mixed.label()) + " (mail goes to " + email
                    + "); is a letter typed in another alphabet?")));
            if (size < columns) {
                List<String> missing = header.columns().subList(size, columns).stream().map(ImportColumn::header)
                        .toList();
                warnings.add(new ImportWarning(line, ImportWarning.Kind.MISSING_VALUES, "the row has " + size
                        + " values, the header names " + columns + " columns; " + inWords(missing)
                        + (missing.size() == 1 ? " reads" : " read") + " as empty"));
            }
            if (emitting) {
                chunk.add(new RecipientRow(email, values, line));
                if (chunk.size() == chunkSize) {
                    flush();
                }
            }
        }

        /** How the earlier address was written, when it differs from this one. */
        private String spelling(String email, String earlier) {
            return email.equals(earlier) ? "" : ", as " + show(earlier) + " (addresses compare without case)";
        }

        private void reject(RejectReason reason, String message) {
            rejected.add(new RejectedRow(line, reason, message));
            stopEmitting();
        }

        private void stopEmitting() {
            if (allOrNothing) {
                emitting = false;
                chunk = new ArrayList<>();
            }
        }

        private void flush() {
            if (emitting && !chunk.isEmpty()) {
                List<RecipientRow> full = List.copyOf(chunk);
                chunk = new ArrayList<>(chunkSize);
                sink.accept(full);
            }
        }
    }

    /** Builds a {@link RecipientCsvReader}; every setting has a default. */
    public static final class Builder {
        private int maxRecipients = DEFAULT_MAX_RECIPIENTS;
        private int maxVariablesJsonBytes = DEFAULT_MAX_VARIABLES_JSON_BYTES;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private boolean exactLocalParts;

        private Builder() {
        }

        /**
         * The most data rows one file may hold, valid or not; a file with more is refused whole.
         * Default {@value RecipientCsvReader#DEFAULT_MAX_RECIPIENTS}.
         *
         * @throws IllegalArgumentException when less than 1
         */
        public Builder maxRecipients(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRecipients must be at least 1: " + max);
            }
            this.maxRecipients = max;
            return this;
        }

        /**
         * The most bytes one row's variables may take as a UTF-8 JSON object such as {@code {"name":"Ann"}}.
         * Default {@value RecipientCsvReader#DEFAULT_MAX_VARIABLES_JSON_BYTES}.
         *
         * @throws IllegalArgumentException when less than 2, the size of {@code {}}
         */
        public Builder maxVariablesJsonBytes(int max) {
            if (max < 2) {
                throw new IllegalArgumentException("maxVariablesJsonBytes must be at least 2: " + max);
            }
            this.maxVariablesJsonBytes = max;
            return this;
        }

        /**
         * The most rows in one call of {@link RecipientSink#accept}. Default
         * {@value RecipientCsvReader#DEFAULT_CHUNK_SIZE}.
         *
         * @throws IllegalArgumentException when less than 1
         */
        public Builder chunkSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1: " + size);
            }
            this.chunkSize = size;
            return this;
        }

        /**
         * Duplicates compare local parts exactly: {@code Ann@example.test} and {@code ann@example.test} are two
         * recipients. By default they are one, as {@link RecipientAddresses#key} says.
         */
        public Builder exactLocalParts() {
            this.exactLocalParts = true;
            return this;
        }

        /** The reader. */
        public RecipientCsvReader build() {
            return new RecipientCsvReader(this);
        }
    }
}
