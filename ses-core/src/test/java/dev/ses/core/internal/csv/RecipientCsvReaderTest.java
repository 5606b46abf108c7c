package dev.ses.core.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ses.core.ErrorCode;
import dev.ses.core.ImportColumn;
import dev.ses.core.ImportReport;
import dev.ses.core.ImportWarning;
import dev.ses.core.RejectReason;
import dev.ses.core.RejectedRow;
import dev.ses.core.SesException;
import dev.ses.core.spi.RecipientRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientCsvReaderTest {
    private static final Set<String> NEW_GROUP = Set.of();

    private final RecipientCsvReader reader = RecipientCsvReader.defaults();
    private final CollectingSink sink = new CollectingSink();

    @TempDir
    Path tmp;

    private static Reader file(String name) {
        InputStream bytes = RecipientCsvReaderTest.class.getResourceAsStream("/csv/" + name);
        assertThat(bytes).as(name).isNotNull();
        return RecipientCsvReader.decode(bytes);
    }

    private ImportReport allOrNothing(String name) throws IOException {
        try (Reader source = file(name)) {
            return reader.readAllOrNothing(source, NEW_GROUP, sink);
        }
    }

    private ImportReport skippingInvalid(String name) throws IOException {
        try (Reader source = file(name)) {
            return reader.readSkippingInvalid(source, NEW_GROUP, sink);
        }
    }

    private SesException refusal(String name) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> allOrNothing(name));
        assertThat(thrown).isInstanceOf(SesException.class);
        SesException refused = (SesException) thrown;
        assertThat(refused.code()).isEqualTo(ErrorCode.IMPORT_REJECTED);
        return refused;
    }

    @ParameterizedTest
    @ValueSource(strings = {"comma-bom-crlf.csv", "comma-lf.csv"})
    void readsPlainFilesWithOrWithoutBomAndEitherLineEnding(String name) throws IOException {
        ImportReport report = allOrNothing(name);

        assertThat(report.applied()).isTrue();
        assertThat(report.valid()).isEqualTo(2);
        assertThat(report.rejected()).isEmpty();
        assertThat(report.variables()).containsExactly("first_name", "city");
        assertThat(sink.variables).containsExactly("first_name", "city");
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables, RecipientRow::line)
                .containsExactly(
                        tuple("ann@example.test", Map.of("first_name", "Ann", "city", "Berlin"), 2L),
                        tuple("bob@example.test", Map.of("first_name", "Bob", "city", "Paris"), 3L));
    }

    @Test
    void aByteOrderMarkInsideAReaderIsDroppedToo() {
        ImportReport report = reader.readAllOrNothing(
                new StringReader("\uFEFFemail,name\nann@example.test,Ann\n"), NEW_GROUP, sink);

        assertThat(report.variables()).containsExactly("name");
        assertThat(sink.emails()).containsExactly("ann@example.test");
    }

    @Test
    void quotedValuesKeepCommasAndQuotesAndLineNumbersFollowMultiLineValues() throws IOException {
        ImportReport report = skippingInvalid("quoted.csv");

        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables, RecipientRow::line)
                .containsExactly(
                        tuple("ann@example.test", Map.of("name", "Smith, Ann", "note", "She said \"hi\""), 2L),
                        tuple("bob@example.test", Map.of("name", "Bob", "note", "two\r\nlines"), 3L),
                        tuple("dan@example.test", Map.of("name", "Dan \"the man\"", "note", "a, b; c"), 6L));
        // Bob's note spans lines 3 and 4, so the invalid address is on line 5.
        assertThat(report.rejected()).extracting(RejectedRow::line, RejectedRow::reason).containsExactly(
                tuple(5L, RejectReason.INVALID_ADDRESS));
        assertThat(report.rejected().get(0).message()).contains("\"not-an-address\"");
        assertThat(report.valid()).isEqualTo(3);
        assertThat(report.applied()).isTrue();
    }

    @Test
    void detectsTheSemicolonFromTheHeader() throws IOException {
        ImportReport report = allOrNothing("semicolon.csv");

        assertThat(report.variables()).containsExactly("Vorname", "Betrag");
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables).containsExactly(
                tuple("ann@example.test", Map.of("Vorname", "Ann", "Betrag", "1,50")),
                tuple("bob@example.test", Map.of("Vorname", "Bob; Jr.", "Betrag", "2,75")));
    }

    @Test
    void aSepLineNamesTheDelimiterAsExcelReadsIt() throws IOException {
        ImportReport report = skippingInvalid("excel-sep-line.csv");

        assertThat(report.columns()).containsExactly(new ImportColumn(1, "E-Mail", Optional.empty()),
                new ImportColumn(2, "Name, Vorname", Optional.of("Name_Vorname")));
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables, RecipientRow::line)
                .containsExactly(tuple("ann@example.test", Map.of("Name_Vorname", "Smith, Ann"), 3L));
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(4L);
    }

    @Test
    void aHeaderAfterASepLineIsNamedOnItsLine() {
        assertThatThrownBy(() -> reader.readAllOrNothing(new StringReader("SEP=,\nemail,2nd\n"), NEW_GROUP, sink))
                .isInstanceOf(SesException.class)
                .hasMessageStartingWith("line 2: column 2, \"2nd\", would become the variable 2nd");
    }

    @Test
    void detectsTabsInAUtf16FileWithItsByteOrderMark() throws IOException {
        ImportReport report = allOrNothing("utf16le-tab.csv");

        assertThat(report.variables()).containsExactly("name", "note");
        assertThat(sink.rows()).extracting(RecipientRow::variables).containsExactly(
                Map.of("name", "Ann", "note", "x, y; z"),
                Map.of("name", "张伟", "note", "🎉"));
    }

    @Test
    void keepsCjkAndEmojiValuesIntact() throws IOException {
        ImportReport report = allOrNothing("unicode.csv");

        assertThat(report.valid()).isEqualTo(3);
        assertThat(sink.rows()).extracting(RecipientRow::variables).containsExactly(
                Map.of("name", "张伟", "greeting", "你好 🎉"),
                Map.of("name", "山田 由紀", "greeting", "こんにちは 👋🏽"),
                Map.of("name", "김민수", "greeting", "안녕하세요, 😀"));
    }

    // Headers as spreadsheets write them

    @Test
    void excelHeadersBecomeVariablesAndTheAddressColumnIsFoundByItsName() throws IOException {
        // Excel, German locale, "CSV UTF-8": a byte order mark, CRLF, semicolons, quotes only where needed.
        ImportReport report = allOrNothing("excel-headers.csv");

        assertThat(report.columns()).containsExactly(
                new ImportColumn(1, "First Name", Optional.of("First_Name")),
                new ImportColumn(2, "E-Mail", Optional.empty()),
                new ImportColumn(3, "Last-Name", Optional.of("Last_Name")),
                new ImportColumn(4, "Straße", Optional.of("Strasse")));
        assertThat(report.variables()).containsExactly("First_Name", "Last_Name", "Strasse");
        assertThat(sink.variables).containsExactly("First_Name", "Last_Name", "Strasse");
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables).containsExactly(
                tuple("ann@example.test", Map.of("First_Name", "Ann", "Last_Name", "Smith",
                        "Strasse", "Hauptstraße 1; Hof")),
                tuple("Bob@example.test", Map.of("First_Name", "Bob", "Last_Name", "O\"Neil",
                        "Strasse", "Ringweg 2")));
    }

    @Test
    void theAddressColumnMayBeLastAsGoogleSheetsWritesIt() throws IOException {
        // Google Sheets: no byte order mark, CRLF, and no line break after the last row.
        ImportReport report = allOrNothing("sheets-headers.csv");

        assertThat(report.columns()).extracting(ImportColumn::header, ImportColumn::variable).containsExactly(
                tuple("Name", Optional.of("Name")),
                tuple("Company", Optional.of("Company")),
                tuple("EMAIL", Optional.empty()));
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables).containsExactly(
                tuple("ann@example.test", Map.of("Name", "Ann", "Company", "Acme, Inc.")),
                tuple("bob@example.test", Map.of("Name", "Bob", "Company", "Globex")));
    }

    @Test
    void accentsInHeadersAreDroppedAsLibreOfficeWritesThem() throws IOException {
        // LibreOffice on Linux: UTF-8 without a byte order mark, LF.
        ImportReport report = allOrNothing("libreoffice-headers.csv");

        assertThat(report.variables()).containsExactly("Prenom", "Ville");
        assertThat(report.columns().get(1)).isEqualTo(new ImportColumn(2, "Mail", Optional.empty()));
        assertThat(sink.rows()).extracting(RecipientRow::variables)
                .containsExactly(Map.of("Prenom", "Zoé", "Ville", "Lyon"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "E-Mail", "e-mail", "MAIL", "Email Address", "e_mail", "Email*", "\uFEFFEmail",
        " E-mail\u00A0"})
    void theAddressColumnIsNamedInAnyCaseWherever(String name) {
        ImportReport report = reader.readAllOrNothing(
                new StringReader("name," + name + "\nAnn,ann@example.test\n"), NEW_GROUP, sink);

        assertThat(report.columns()).extracting(ImportColumn::number, ImportColumn::isAddress)
                .containsExactly(tuple(1, false), tuple(2, true));
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables)
                .containsExactly(tuple("ann@example.test", Map.of("name", "Ann")));
    }

    @Test
    void withoutAnAddressHeaderTheFirstColumnHoldsTheAddress() throws IOException {
        ImportReport report = allOrNothing("address-only.csv");

        assertThat(report.columns()).containsExactly(new ImportColumn(1, "address", Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name|name",
        "First Name|First_Name",
        "Last-Name|Last_Name",
        "first_name|first_name",
        "_internal|_internal",
        "'  Company  '|Company",
        "Phone (mobile)|Phone_mobile",
        "Amount in €|Amount_in",
        "Prénom|Prenom",
        "Größe|Grosse",
        "ＮＡＭＥ|NAME",
        "e.mail.2|e_mail_2",
        "city - zip|city_zip",
    })
    void aHeaderBecomesAVariableByOneRule(String header, String variable) {
        assertThat(CsvHeader.variableName(1, 2, CsvHeader.trim(header))).isEqualTo(variable);
    }

    @Test
    void variablesKeepTheColumnOrder() throws IOException {
        allOrNothing("comma-lf.csv");

        assertThat(sink.rows().get(0).variables().keySet()).containsExactly("first_name", "city");
    }

    @Test
    void aRowWithFewerValuesReadsTheMissingOnesAsEmptyAndSaysSo() throws IOException {
        // Excel, "CSV UTF-8": a byte order mark and CRLF; the rows were typed with their last cells left out.
        ImportReport report = allOrNothing("short-rows.csv");

        assertThat(report.applied()).isTrue();
        assertThat(report.rejected()).isEmpty();
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables).containsExactly(
                tuple("ann@example.test", Map.of("name", "Ann", "city", "Berlin", "zip", "10115")),
                tuple("bob@example.test", Map.of("name", "Bob", "city", "", "zip", "")),
                tuple("dan@example.test", Map.of("name", "Dan", "city", "Oslo", "zip", "")));
        assertThat(report.warnings()).containsExactly(
                new ImportWarning(3, ImportWarning.Kind.MISSING_VALUES,
                        "the row has 2 values, the header names 4 columns; city and zip read as empty"),
                new ImportWarning(4, ImportWarning.Kind.MISSING_VALUES,
                        "the row has 3 values, the header names 4 columns; zip reads as empty"));
        assertThat(report.summary()).isEqualTo("Imported 3 rows; 2 warnings.");
    }

    @Test
    void aRowWithMoreValuesIsRejected() throws IOException {
        ImportReport report = skippingInvalid("wrong-columns.csv");

        assertThat(report.rejected()).containsExactly(new RejectedRow(4, RejectReason.WRONG_COLUMN_COUNT,
                "the row has 4 values, the header names 3 columns; column 4 holds \"extra\""));
        assertThat(report.warnings()).extracting(ImportWarning::line).containsExactly(3L);
        assertThat(sink.emails()).containsExactly("ann@example.test", "bob@example.test", "dan@example.test");
    }

    @Test
    void emptyColumnsPastTheHeaderAreIgnoredButAValueThereIsRejected() throws IOException {
        // Excel, German locale: two columns that were formatted but never filled come out as empty cells.
        ImportReport report = skippingInvalid("phantom-columns.csv");

        assertThat(report.columns()).extracting(ImportColumn::header).containsExactly("email", "name");
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables)
                .containsExactly(tuple("ann@example.test", Map.of("name", "Ann")));
        assertThat(report.rejected()).containsExactly(new RejectedRow(3, RejectReason.WRONG_COLUMN_COUNT,
                "the row has 4 values, the header names 2 columns; column 4 holds \"x\""));
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aRowThatEndsBeforeTheAddressColumnIsRejected() {
        ImportReport report = reader.readSkippingInvalid(
                new StringReader("name,city,email\nAnn,Rome\nBob,Oslo,bob@example.test\n"), NEW_GROUP, sink);

        assertThat(report.rejected()).containsExactly(new RejectedRow(2, RejectReason.INVALID_ADDRESS,
                "the row has 2 values and ends before column 3, email, which holds the address"));
        assertThat(sink.emails()).containsExactly("bob@example.test");
    }

    @Test
    void duplicatesCompareTheWholeAddressWithoutCase() throws IOException {
        // Google Sheets: CRLF, no line break after the last row.
        ImportReport report = skippingInvalid("case-duplicates.csv");

        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::line).containsExactly(
                tuple("Alice@example.test", 2L),
                tuple("bob@example.test", 3L));
        assertThat(report.rejected()).containsExactly(
                new RejectedRow(4, RejectReason.DUPLICATE_ADDRESS, "\"alice@example.test\" repeats line 2, as "
                        + "\"Alice@example.test\" (addresses compare without case)", OptionalLong.of(2)),
                new RejectedRow(5, RejectReason.DUPLICATE_ADDRESS, "\"ALICE@example.test\" repeats line 2, as "
                        + "\"Alice@example.test\" (addresses compare without case)", OptionalLong.of(2)));
    }

    @Test
    void duplicatesMayCompareLocalPartsExactly() throws IOException {
        RecipientCsvReader exact = RecipientCsvReader.builder().exactLocalParts().build();

        ImportReport report;
        try (Reader source = file("case-duplicates.csv")) {
            report = exact.readSkippingInvalid(source, NEW_GROUP, sink);
        }

        assertThat(report.rejected()).isEmpty();
        assertThat(sink.emails()).containsExactly("Alice@example.test", "bob@example.test", "alice@example.test",
                "ALICE@example.test");
    }

    @Test
    void theDomainNeverHasCaseEvenWhenLocalPartsCompareExactly() throws IOException {
        RecipientCsvReader exact = RecipientCsvReader.builder().exactLocalParts().build();

        ImportReport report;
        try (Reader source = file("duplicates.csv")) {
            report = exact.readSkippingInvalid(source, NEW_GROUP, sink);
        }

        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::line).containsExactly(
                tuple("Ann@example.test", 2L),
                tuple("ann@example.test", 4L),
                tuple("Bob@example.test", 5L));
        assertThat(report.rejected()).containsExactly(new RejectedRow(3, RejectReason.DUPLICATE_ADDRESS,
                "\"Ann@example.test\" repeats line 2", OptionalLong.of(2)));
    }

    @Test
    void addressesAlreadyInTheGroupAreDuplicates() {
        ImportReport report = reader.readSkippingInvalid(
                new StringReader("email,name\nann@example.test,Ann\nbob@example.test,Bob\nCAT@example.test,Cat\n"),
                Set.of("bob@example.test", "cat@example.test"), sink);

        assertThat(sink.emails()).containsExactly("ann@example.test");
        assertThat(report.rejected()).containsExactly(
                new RejectedRow(3, RejectReason.DUPLICATE_ADDRESS, "\"bob@example.test\" is already in the group"),
                new RejectedRow(4, RejectReason.DUPLICATE_ADDRESS, "\"CAT@example.test\" is already in the group, "
                        + "as \"cat@example.test\" (addresses compare without case)"));
    }

    @Test
    void valuesWithLineBreaksAreImported() throws IOException {
        // Excel: rows end in CRLF, a line break typed inside a cell (Alt+Enter) is a bare LF in quotes.
        ImportReport report = allOrNothing("multiline-values.csv");

        assertThat(report.applied()).isTrue();
        assertThat(report.rejected()).isEmpty();
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables, RecipientRow::line)
                .containsExactly(
                        tuple("ann@example.test", Map.of("name", "Ann", "address", "Hauptstraße 1\n10115 Berlin"), 2L),
                        tuple("bob@example.test", Map.of("name", "Bob", "address", "Ringweg 2"), 4L));
    }

    @Test
    void controlCharactersOtherThanLineBreaksAndTabsAreRejected() throws IOException {
        ImportReport report = allOrNothing("control-values.csv");

        assertThat(report.applied()).isFalse();
        assertThat(report.valid()).isEqualTo(3);
        assertThat(report.rejected()).containsExactly(new RejectedRow(7, RejectReason.INVALID_VALUE,
                "the value of name, \"Dan\\u0007\", holds the control character U+0007"));
        assertThat(sink.chunks).isEmpty();
    }

    @Test
    void tabsInValuesAreKept() {
        reader.readAllOrNothing(new StringReader("email,name\nann@example.test,\"Ann\tSmith\"\n"), NEW_GROUP, sink);

        assertThat(sink.rows().get(0).variables()).containsEntry("name", "Ann\tSmith");
    }

    @Test
    void blankLinesAnywhereAreSkipped() throws IOException {
        ImportReport report = allOrNothing("blank-lines.csv");

        assertThat(report.rejected()).isEmpty();
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::line).containsExactly(
                tuple("ann@example.test", 2L),
                tuple("bob@example.test", 6L));
    }

    @Test
    void aFileWithOnlyAddressesHasNoVariables() throws IOException {
        ImportReport report = allOrNothing("address-only.csv");

        assertThat(report.variables()).isEmpty();
        assertThat(sink.rows()).extracting(RecipientRow::email, RecipientRow::variables).containsExactly(
                tuple("ann@example.test", Map.of()),
                tuple("bob@example.test", Map.of()));
    }

    @Test
    void aHeaderWithoutRowsIsAnEmptyImport() throws IOException {
        ImportReport report = allOrNothing("header-only.csv");

        assertThat(report).isEqualTo(ImportReport.of(true, 0, List.of(new ImportColumn(1, "email", Optional.empty()),
                new ImportColumn(2, "name", Optional.of("name"))), List.of(), List.of()));
        assertThat(sink.chunks).isEmpty();
    }

    @Test
    void allOrNothingStopsFeedingTheSinkAtTheFirstRejectedRowButReportsThemAll() {
        RecipientCsvReader small = RecipientCsvReader.builder().chunkSize(2).build();
        String csv = "email,name\na@example.test,A\nb@example.test,B\nc@example.test,C\nbad,D\n"
                + "e@example.test,E\nalso bad,F\ng@example.test,G\n";

        ImportReport report = small.readAllOrNothing(new StringReader(csv), NEW_GROUP, sink);

        assertThat(report.applied()).isFalse();
        assertThat(report.valid()).isEqualTo(5);
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(5L, 7L);
        assertThat(sink.emails()).containsExactly("a@example.test", "b@example.test");
    }

    @Test
    void skippingInvalidFeedsEveryValidRowInChunks() {
        RecipientCsvReader small = RecipientCsvReader.builder().chunkSize(2).build();
        String csv = "email,name\na@example.test,A\nb@example.test,B\nc@example.test,C\nbad,D\n"
                + "e@example.test,E\n";

        ImportReport report = small.readSkippingInvalid(new StringReader(csv), NEW_GROUP, sink);

        assertThat(report.applied()).isTrue();
        assertThat(report.valid()).isEqualTo(4);
        assertThat(sink.chunks).extracting(List::size).containsExactly(2, 2);
        assertThat(sink.emails()).containsExactly("a@example.test", "b@example.test", "c@example.test",
                "e@example.test");
    }

    @Test
    void aDomainLabelThatMixesScriptsIsTakenWithAWarning() throws IOException {
        // Google Sheets: CRLF, no line break after the last row.
        ImportReport report = allOrNothing("mixed-scripts.csv");

        assertThat(report.applied()).isTrue();
        assertThat(sink.emails()).containsExactly("ann@xn--pypal-4ve.example", "bob@xn--pypal-4ve.example",
                "cat@xn--bcher-kva.example", "yuki@xn--eckwd4c7cu47r2wf.jp", "dan@xn--pple-zld.example");
        assertThat(report.warnings()).containsExactly(
                new ImportWarning(2, ImportWarning.Kind.MIXED_SCRIPTS, "the domain of \"ann@p\u0430ypal.example\" "
                        + "mixes Cyrillic and Latin letters in \"p\u0430ypal\" "
                        + "(mail goes to ann@xn--pypal-4ve.example); is a letter typed in another alphabet?"),
                new ImportWarning(3, ImportWarning.Kind.MIXED_SCRIPTS, "the domain of \"bob@xn--pypal-4ve.example\" "
                        + "mixes Cyrillic and Latin letters in \"p\u0430ypal\" "
                        + "(mail goes to bob@xn--pypal-4ve.example); is a letter typed in another alphabet?"),
                new ImportWarning(6, ImportWarning.Kind.MIXED_SCRIPTS, "the domain of \"dan@\u03b1pple.example\" "
                        + "mixes Greek and Latin letters in \"\u03b1pple\" (mail goes to dan@xn--pple-zld.example); "
                        + "is a letter typed in another alphabet?"));
    }

    @Test
    void variablesOverTheJsonLimitAreRejected() {
        String longValue = "x".repeat(790);
        String csv = "email,name\nann@example.test," + longValue + "\nbob@example.test,Bob\n";

        ImportReport report = reader.readSkippingInvalid(new StringReader(csv), NEW_GROUP, sink);

        // {"name":"xxx..."} is 790 + 11 bytes.
        assertThat(report.rejected()).containsExactly(new RejectedRow(2, RejectReason.INVALID_VALUE,
                "the variables take 801 bytes as JSON, more than the 800 allowed per recipient"));
        assertThat(sink.emails()).containsExactly("bob@example.test");
    }

    @Test
    void theJsonLimitCountsUtf8BytesNotCharacters() {
        RecipientCsvReader tight = RecipientCsvReader.builder().maxVariablesJsonBytes(19).build();
        // {"n":"张伟伟"} is 8 ASCII bytes and 9 bytes of CJK, 17 in all; one more CJK character makes 20.
        String csv = "email,n\na@example.test,张伟伟\nb@example.test,张伟伟伟\n";

        ImportReport report = tight.readSkippingInvalid(new StringReader(csv), NEW_GROUP, sink);

        assertThat(sink.emails()).containsExactly("a@example.test");
        assertThat(report.rejected()).extracting(RejectedRow::line, RejectedRow::reason)
                .containsExactly(tuple(3L, RejectReason.INVALID_VALUE));
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String csv = "email,name\n" + "a".repeat(100) + ",Ann\n";

        ImportReport report = reader.readSkippingInvalid(new StringReader(csv), NEW_GROUP, sink);

        assertThat(report.rejected().get(0).message())
                .isEqualTo("the value of email, \"" + "a".repeat(60) + "...\", is not a valid email address");
    }

    @Test
    void aRowCheckedForSeveralFaultsGetsTheFirst() {
        String csv = "email,name\nbad,\"x\ny\"\n";

        ImportReport report = reader.readSkippingInvalid(new StringReader(csv), NEW_GROUP, sink);

        assertThat(report.rejected()).extracting(RejectedRow::reason).containsExactly(RejectReason.INVALID_ADDRESS);
    }

    @Test
    void aRejectedRowDoesNotBlockALaterValidRowWithTheSameAddress() {
        String csv = "email,name\nann@example.test,\"A\u0007\"\nann@example.test,Ann\n";

        ImportReport report = reader.readSkippingInvalid(new StringReader(csv), NEW_GROUP, sink);

        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(2L);
        assertThat(sink.rows()).extracting(RecipientRow::line).containsExactly(3L);
    }

    // Whole-file errors

    @ParameterizedTest
    @ValueSource(strings = {"empty.csv", "bom-only.csv"})
    void anEmptyFileIsRefused(String name) {
        assertThat(refusal(name)).hasMessageStartingWith("line 1: the file is empty");
    }

    @Test
    void aFileWithoutHeaderIsRefused() {
        assertThat(refusal("no-header.csv")).hasMessageContaining("line 1").hasMessageContaining(
                "starts with an address, \"ann@example.test\"");
    }

    @Test
    void aBlankFirstLineIsRefused() {
        assertThatThrownBy(() -> reader.readAllOrNothing(new StringReader("\nemail,name\n"), NEW_GROUP, sink))
                .isInstanceOf(SesException.class)
                .hasMessageStartingWith("line 1: the first line is empty");
    }

    @Test
    void aHeaderWithLettersOutsideAToZIsRefused() {
        assertThat(refusal("bad-header-name.csv")).hasMessage("line 1: column 2, \"名前\", holds \"名\", which has "
                + "no plain form in a variable name; rename the column with the letters a to z, digits and _");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "email,2nd line|line 1: column 2, \"2nd line\", would become the variable 2nd_line, but a variable name "
            + "cannot start with a digit",
        "email,(€)|line 1: column 2, \"(€)\", holds no letter or digit to make a variable name of",
        "email,First Name,First-Name|line 1: columns 2 and 3, \"First Name\" and \"First-Name\", both become the "
            + "variable First_Name; rename one",
        "Email,name,E-Mail|line 1: columns 1 and 3, \"Email\" and \"E-Mail\", both name the address; keep one",
        "name,ann@example.test|line 1: the first line must name the columns, but column 2 holds an address, "
            + "\"ann@example.test\"; add a line such as email,name above it",
    })
    void aHeaderThatGivesNoClearVariablesIsRefused(String header, String message) {
        assertThatThrownBy(() -> reader.readAllOrNothing(new StringReader(header + "\n"), NEW_GROUP, sink))
                .isInstanceOf(SesException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.IMPORT_REJECTED)
                .hasMessage(message);
    }

    @Test
    void aRepeatedVariableNameIsRefused() {
        assertThat(refusal("duplicate-header.csv")).hasMessage("line 1: column 4 repeats the name \"name\"");
    }

    @Test
    void anEmptyHeaderBetweenNamedColumnsIsRefused() {
        assertThat(refusal("empty-header-name.csv")).hasMessage("line 1: column 2 has no name");
    }

    @Test
    void anUnclosedQuoteIsRefusedWithTheLineWhereItsRowStarts() {
        assertThat(refusal("unclosed-quote.csv")).hasMessageStartingWith("line 3: the quoting of the row");
        assertThat(sink.chunks).isEmpty();
    }

    @Test
    void textAfterAClosingQuoteIsRefused() {
        assertThat(refusal("junk-after-quote.csv")).hasMessageStartingWith("line 3: the quoting of the row");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertThat(refusal("windows-1252.csv")).hasMessageStartingWith("line 2: the file is not UTF-8 text");
    }

    // Text that a lenient reader decoded

    private static InputStream bytes(String name) {
        InputStream bytes = RecipientCsvReaderTest.class.getResourceAsStream("/csv/" + name);
        assertThat(bytes).as(name).isNotNull();
        return bytes;
    }

    @Test
    void replacementCharactersFromALenientDecoderAreRefused() throws IOException {
        // Excel's "CSV (Comma delimited)" on Windows: Windows-1252 and CRLF, here read as UTF-8 by a lenient reader.
        ImportReport report;
        try (Reader lenient = new InputStreamReader(bytes("ansi.csv"), StandardCharsets.UTF_8)) {
            report = reader.readSkippingInvalid(lenient, NEW_GROUP, sink);
        }

        assertThat(report.rejected()).containsExactly(new RejectedRow(2, RejectReason.INVALID_TEXT,
                "the value of name, \"Ren\uFFFD\", is not valid text — was the file saved in another encoding?"));
        assertThat(sink.emails()).containsExactly("bob@example.test");
    }

    @Test
    void utf8ReadAsWindows1252IsRefused() throws IOException {
        // LibreOffice's UTF-8, read with the default charset of Java 17 on Windows.
        ImportReport report;
        try (Reader misread = new InputStreamReader(bytes("accented-values.csv"), Charset.forName("windows-1252"))) {
            report = reader.readSkippingInvalid(misread, NEW_GROUP, sink);
        }

        assertThat(report.rejected()).extracting(RejectedRow::line, RejectedRow::reason).containsExactly(
                tuple(2L, RejectReason.INVALID_TEXT),
                tuple(4L, RejectReason.INVALID_TEXT));
        assertThat(report.rejected().get(0).message()).isEqualTo("the value of name, \"ZoÃ©\", is not valid text — "
                + "was the file read in another encoding? Read as UTF-8 it says \"Zoé\"");
        assertThat(sink.emails()).containsExactly("bob@example.test");
    }

    @Test
    void aByteOrderMarkReadAsWindows1252RefusesTheFile() throws IOException {
        try (Reader misread = new InputStreamReader(bytes("excel-headers.csv"), Charset.forName("windows-1252"))) {
            assertThatThrownBy(() -> reader.readAllOrNothing(misread, NEW_GROUP, sink))
                    .isInstanceOf(SesException.class)
                    .hasMessage("line 1: the file starts with \"ï»¿\", a UTF-8 byte order mark read as Windows-1252 "
                            + "or Latin-1, and is not valid text — was the file read in another encoding? Give the "
                            + "file's bytes, or read them as UTF-8");
        }
    }

    @Test
    void aHeaderWithAReplacementCharacterRefusesTheFile() {
        assertThatThrownBy(() -> reader.readAllOrNothing(new StringReader("email,Stra\uFFFDe\n"), NEW_GROUP, sink))
                .isInstanceOf(SesException.class)
                .hasMessage("line 1: column 2, \"Stra\uFFFDe\", is not valid text — was the file saved in another "
                        + "encoding?");
    }

    @Test
    void accentsAndOtherScriptsReadRightAreNotMistakenForMisreadText() throws IOException {
        ImportReport report = allOrNothing("accented-values.csv");

        assertThat(report.rejected()).isEmpty();
        assertThat(sink.rows()).extracting(RecipientRow::variables).containsExactly(
                Map.of("name", "Zoé"), Map.of("name", "Bob"), Map.of("name", "张伟"));
    }

    @Test
    void aBadByteFarIntoTheFileIsReportedOnItsLine() throws IOException {
        Path file = tmp.resolve("late-bad-byte.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("email,name\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 1; i <= 3_000; i++) {
                out.write(("user" + i + "@example.test,User " + i).getBytes(StandardCharsets.UTF_8));
                if (i == 2_500) {
                    out.write(0xE9);
                }
                out.write('\n');
            }
        }

        try (Reader source = RecipientCsvReader.decode(Files.newInputStream(file))) {
            assertThatThrownBy(() -> reader.readAllOrNothing(source, NEW_GROUP, sink))
                    .isInstanceOf(SesException.class)
                    .hasMessageStartingWith("line 2501: the file is not UTF-8 text");
        }
    }

    @Test
    void aRowThatNeverEndsIsRefusedWithoutReadingTheWholeFile() {
        Reader endless = new Reader() {
            private final char[] head = "email,name\nann@example.test,\"".toCharArray();
            private long given;

            @Override
            public int read(char[] buffer, int offset, int length) {
                for (int i = 0; i < length; i++, given++) {
                    buffer[offset + i] = given < head.length ? head[(int) given] : 'x';
                }
                return length;
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> reader.readAllOrNothing(endless, NEW_GROUP, sink))
                .isInstanceOf(SesException.class)
                .hasMessageStartingWith("line 2: the row starting here runs past 1048576 characters");
    }

    @Test
    void whatTheSinkThrowsReachesTheCaller() {
        RecipientSink refusing = new RecipientSink() {
            @Override
            public void start(List<String> variables) {
                throw new IllegalStateException("columns differ: " + variables);
            }

            @Override
            public void accept(List<RecipientRow> rows) {
            }
        };

        assertThatThrownBy(() -> reader.readAllOrNothing(
                new StringReader("email,city\nann@example.test,Rome\n"), NEW_GROUP, refusing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("columns differ: [city]");
    }

    @Test
    void theSourceIsNotClosed() throws IOException {
        StringReader source = new StringReader("email\nann@example.test\n");

        reader.readAllOrNothing(source, NEW_GROUP, sink);

        assertThat(source.ready()).isTrue();
    }

    // The recipient limit and memory

    private Path generatedFile(int rows) throws IOException {
        Path file = tmp.resolve(rows + ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("email,name\r\n");
            for (int i = 1; i <= rows; i++) {
                out.write("user" + i + "@example.test,\"User " + i + "\"\r\n");
            }
        }
        return file;
    }

    @Test
    void tenThousandRowsAreAcceptedInChunksOfAThousand() throws IOException {
        Path file = generatedFile(10_000);

        ImportReport report;
        try (Reader source = RecipientCsvReader.decode(Files.newInputStream(file))) {
            report = reader.readAllOrNothing(source, NEW_GROUP, sink);
        }

        assertThat(report.applied()).isTrue();
        assertThat(report.valid()).isEqualTo(10_000);
        assertThat(sink.chunks).hasSize(10).allSatisfy(chunk -> assertThat(chunk).hasSize(1_000));
        assertThat(sink.rows().get(9_999)).isEqualTo(
                new RecipientRow("user10000@example.test", Map.of("name", "User 10000"), 10_001));
    }

    @Test
    void tenThousandAndOneRowsAreRefusedWhole() throws IOException {
        Path file = generatedFile(10_001);

        try (Reader source = RecipientCsvReader.decode(Files.newInputStream(file))) {
            assertThatThrownBy(() -> reader.readSkippingInvalid(source, NEW_GROUP, sink))
                    .isInstanceOf(SesException.class)
                    .hasFieldOrPropertyWithValue("code", ErrorCode.IMPORT_REJECTED)
                    .hasMessage("line 10002: the file holds more than 10000 recipients, the most one import takes; "
                            + "split it into several files");
        }
    }

    @Test
    void theLimitIsConfigurableAndTheReadStopsAtTheFirstRowTooMany() {
        RecipientCsvReader five = RecipientCsvReader.builder().maxRecipients(5).build();
        GeneratedCsv source = new GeneratedCsv(1_000_000);

        assertThatThrownBy(() -> five.readAllOrNothing(source, NEW_GROUP, sink))
                .isInstanceOf(SesException.class)
                .hasMessageStartingWith("line 7: the file holds more than 5 recipients");
        // Only the parser's read-ahead lies beyond the sixth row.
        assertThat(source.produced()).isLessThan(2_000);
    }

    @Test
    void tenThousandRowsStreamThroughWithoutTheWholeFileInMemory() {
        GeneratedCsv source = new GeneratedCsv(10_000);
        int[] producedAtFirstChunk = {-1};
        int[] rows = {0};
        int[] largestChunk = {0};
        RecipientSink counting = chunk -> {
            if (producedAtFirstChunk[0] < 0) {
                producedAtFirstChunk[0] = source.produced();
            }
            rows[0] += chunk.size();
            largestChunk[0] = Math.max(largestChunk[0], chunk.size());
        };

        ImportReport report = reader.readAllOrNothing(source, NEW_GROUP, counting);

        assertThat(report.valid()).isEqualTo(10_000);
        assertThat(rows[0]).isEqualTo(10_000);
        assertThat(largestChunk[0]).isEqualTo(1_000);
        // The first thousand rows reached the sink while most of the file was still unread.
        assertThat(producedAtFirstChunk[0]).isBetween(1_000, 2_000);
    }

    @Test
    void builderRefusesLimitsOutOfRange() {
        assertThatThrownBy(() -> RecipientCsvReader.builder().maxRecipients(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRecipients must be at least 1: 0");
        assertThatThrownBy(() -> RecipientCsvReader.builder().chunkSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chunkSize must be at least 1: 0");
        assertThatThrownBy(() -> RecipientCsvReader.builder().maxVariablesJsonBytes(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxVariablesJsonBytes must be at least 2: 1");
    }

    @Test
    void decodeRefusesAnUnreadableStream() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };

        assertThatThrownBy(() -> RecipientCsvReader.decode(broken))
                .isInstanceOf(SesException.class)
                .hasMessage("the file could not be read: disk gone");
    }
}
