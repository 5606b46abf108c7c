package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.GroupMember;
import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SesExtension.class)
class RecipientGroupsTest {
    private static ErrorCode code(Throwable t) {
        return ((SesException) t).code();
    }

    private static InputStream file(String name) {
        return RecipientGroupsTest.class.getResourceAsStream("/groups/" + name);
    }

    private static List<GroupMember> members(SesFixture f, long groupId) {
        return f.store().groups().members(groupId, 0, 1000);
    }

    @Test
    void createListAndDelete(SesFixture f) {
        RecipientGroup g = f.account().groups().create("customers", "all of them");
        assertThat(g.recipients()).isZero();
        assertThat(g.createdAt()).isEqualTo(f.clock().instant());
        assertThat(f.account().groups().list(PageRequest.first()).items()).containsExactly(g);
        assertThatThrownBy(() -> f.account().groups().create("customers", ""))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> f.ses().account("other").groups().get(g.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.NOT_FOUND));
        f.account().groups().delete(g.id());
        assertThat(f.account().groups().find("customers")).isEmpty();
    }

    @Test
    void anImportAddsTheRowsAndFixesTheColumns(SesFixture f) {
        RecipientGroup g = f.account().groups().create("customers", "");
        ImportReport report = f.account().groups().importCsv(g.id(), file("two.csv"));
        assertThat(report.applied()).isTrue();
        assertThat(report.added()).isEqualTo(2);
        RecipientGroup after = f.account().groups().get(g.id());
        assertThat(after.recipients()).isEqualTo(2);
        assertThat(after.variables()).containsExactly("name", "city");
        assertThat(members(f, g.id())).extracting(GroupMember::email).containsExactly("ann@acme.test",
                "bob@acme.test");
        assertThat(members(f, g.id()).get(1).variables()).containsEntry("name", "Bob, Jr.");
    }

    @Test
    void aFileWithBadRowsAddsNothingAndReportsEveryRow(SesFixture f) throws IOException {
        RecipientGroup g = f.account().groups().create("customers", "");
        ImportReport report = f.account().groups().importCsv(g.id(), file("bad-rows.csv"));
        assertThat(report.applied()).isFalse();
        assertThat(report.rejected()).extracting(RejectedRow::line).containsExactly(2L, 3L);
        assertThat(report.rejected()).extracting(RejectedRow::reason)
                .containsExactly(RejectReason.INVALID_ADDRESS, RejectReason.WRONG_COLUMN_COUNT);
        assertThat(members(f, g.id())).isEmpty();
        assertThat(f.account().groups().get(g.id()).recipients()).isZero();

        ImportReport skipping;
        try (InputStream in = file("bad-rows.csv")) {
            skipping = f.account().groups().importCsvSkippingInvalid(g.id(),
                    new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(skipping.applied()).isTrue();
        assertThat(skipping.added()).isEqualTo(1);
        assertThat(members(f, g.id())).extracting(GroupMember::email).containsExactly("dan@acme.test");
    }

    @Test
    void aRefusedImportSaysThatNothingWasAdded(SesFixture f) {
        RecipientGroup g = f.account().groups().create("customers", "");

        ImportReport report = f.account().groups().importCsv(g.id(), file("one-bad-row.csv"));

        assertThat(report.applied()).isFalse();
        assertThat(report.added()).isZero();
        assertThat(report.valid()).isEqualTo(1);
        assertThat(report.summary()).isEqualTo("Nothing was imported: 1 row was rejected; 1 row was valid. "
                + "Fix the rejected rows and import the file again.");
        assertThat(report.toString()).contains("applied=false, added=0, valid=1");
        assertThat(f.account().groups().get(g.id()).recipients()).isZero();

        ImportReport skipping = f.account().groups().importCsvSkippingInvalid(g.id(),
                new StringReader("email,name\nann@acme.test,Ann\nnot-an-address,Bob\n"));

        assertThat(skipping.added()).isEqualTo(1);
        assertThat(skipping.summary()).isEqualTo("Imported 1 row; 1 row was rejected.");
        assertThatThrownBy(() -> new ImportReport(false, 1, 1, List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("added must be 0 when applied is false: 1");
    }

    @Test
    void laterImportsAppendWithTheSameColumnsAndNoDuplicates(SesFixture f) {
        RecipientGroup g = f.account().groups().create("customers", "");
        f.account().groups().importCsv(g.id(), file("two.csv"));
        ImportReport dup = f.account().groups().importCsv(g.id(), file("append.csv"));
        assertThat(dup.applied()).isFalse();
        assertThat(dup.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.DUPLICATE_ADDRESS);
            assertThat(r.line()).isEqualTo(2);
        });
        ImportReport ok = f.account().groups().importCsv(g.id(), new StringReader("email,name,city\n"
                + "eve@acme.test,Eve,\"Kyoto 京都 🎌\"\n"));
        assertThat(ok.applied()).isTrue();
        assertThat(f.account().groups().get(g.id()).recipients()).isEqualTo(3);
        assertThat(members(f, g.id()).get(2).variables()).containsEntry("city", "Kyoto 京都 🎌");

        ImportReport reordered = f.account().groups().importCsv(g.id(), file("reordered.csv"));
        assertThat(reordered.applied()).isTrue();
        assertThat(f.account().groups().get(g.id()).variables()).containsExactly("name", "city");
        assertThat(members(f, g.id()).get(3).variables()).containsEntry("name", "Cat").containsEntry("city", "Rome");

        assertThatThrownBy(() -> f.account().groups().importCsv(g.id(), file("other-columns.csv")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.IMPORT_REJECTED))
                .hasMessageContaining("[name]").hasMessageContaining("[name, city]");
        assertThat(f.account().groups().get(g.id()).recipients()).isEqualTo(4);
    }

    @Test
    void anAddressAlreadyInTheGroupInAnotherCaseIsADuplicateUnlessLocalPartsCompareExactly(SesFixture f) {
        RecipientGroup g = f.account().groups().create("customers", "");
        f.account().groups().importCsv(g.id(), file("two.csv"));

        ImportReport report = f.account().groups().importCsv(g.id(), file("case-duplicates.csv"));

        assertThat(report.applied()).isFalse();
        assertThat(report.rejected()).containsExactly(new RejectedRow(2, RejectReason.DUPLICATE_ADDRESS,
                "\"ANN@acme.test\" is already in the group, as \"ann@acme.test\" (addresses compare without case)"));
        assertThat(f.account().groups().get(g.id()).recipients()).isEqualTo(2);

        ImportReport exact = f.account().groups().withExactLocalParts().importCsv(g.id(), file("case-duplicates.csv"));

        assertThat(exact.applied()).isTrue();
        assertThat(members(f, g.id())).extracting(GroupMember::email)
                .containsExactly("ann@acme.test", "bob@acme.test", "ANN@acme.test", "dan@acme.test");
    }

    @Test
    void theSkippingImportTakesBytesAndDecodesThemStrictly(SesFixture f) {
        RecipientGroup g = f.account().groups().create("customers", "");

        ImportReport report = f.account().groups().importCsvSkippingInvalid(g.id(), file("one-bad-row.csv"));

        assertThat(report.added()).isEqualTo(1);
        assertThat(report.variables()).containsExactly("name");
        // Excel's "CSV (Comma delimited)": Windows-1252.
        assertThatThrownBy(() -> f.account().groups().importCsvSkippingInvalid(g.id(), file("ansi.csv")))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.IMPORT_REJECTED))
                .hasMessage("line 3: the file is not UTF-8 text; save it as CSV in UTF-8");
        assertThat(members(f, g.id())).extracting(GroupMember::email).containsExactly("ann@acme.test");
    }

    private static Reader rows(int count) {
        StringBuilder csv = new StringBuilder("email,n\n");
        for (int i = 0; i < count; i++) {
            csv.append("user").append(i).append("@acme.test,").append(i).append('\n');
        }
        return new StringReader(csv.toString());
    }

    @Test
    void aFileOverTheImportLimitIsRefusedWhole(SesFixture f) {
        RecipientGroup g = f.account().groups().create("big", "");
        assertThatThrownBy(() -> f.account().groups().importCsv(g.id(), rows(10_001)))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.IMPORT_REJECTED))
                .hasMessageContaining("10000");
        assertThat(members(f, g.id())).isEmpty();
        assertThat(f.account().groups().importCsv(g.id(), rows(10_000)).added()).isEqualTo(10_000);
        assertThat(f.account().groups().get(g.id()).recipients()).isEqualTo(10_000);
    }

    @Test
    void theGroupCapIsEnforcedAndConfigurable() {
        try (SesFixture f = SesFixture.withLimits(SesLimits.defaults().withGroupLimits(100, 150))) {
            RecipientGroup g = f.account().groups().create("capped", "");
            f.account().groups().importCsv(g.id(), rows(100));
            StringBuilder more = new StringBuilder("email,n\n");
            for (int i = 100; i < 160; i++) {
                more.append("user").append(i).append("@acme.test,").append(i).append('\n');
            }
            assertThatThrownBy(() -> f.account().groups().importCsv(g.id(), new StringReader(more.toString())))
                    .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.GROUP_LIMIT_REACHED))
                    .hasMessageContaining("150");
            assertThat(f.account().groups().get(g.id()).recipients()).isEqualTo(100);
            assertThat(members(f, g.id())).hasSize(100);
        }
    }

    @Test
    void aGroupInUseByATaskCannotBeDeleted(SesFixture f) {
        RecipientGroup g = f.account().groups().create("customers", "");
        f.account().groups().importCsv(g.id(), file("two.csv"));
        long tpl = f.textTemplate("Hi {{name}} from {{city}}");
        SendTask t = f.account().tasks().create(TaskRequest.scheduled(f.sender(), g.id(), tpl, "News",
                f.clock().instant().plusSeconds(3600)));
        assertThatThrownBy(() -> f.account().groups().delete(g.id()))
                .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.IN_USE));
        f.account().tasks().cancel(t.id());
        f.account().groups().delete(g.id());
    }
}
