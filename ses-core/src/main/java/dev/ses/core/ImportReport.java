package dev.ses.core;

import java.util.List;

/**
 * The outcome of one recipient CSV import into a group.
 *
 * <p>An import is all-or-nothing by default: one rejected row and nothing is stored, {@link #applied()} is
 * {@code false}, {@link #added()} is 0, and {@link #rejected()} lists every row that would have to be fixed;
 * {@link #valid()} says how many rows were fine. An import that skips invalid rows stores the valid ones and lists
 * the others. A file that is wrong as a whole (no header, a bad header, broken quoting, more recipients than
 * allowed) produces no report: the import throws a {@link SesException} with {@link ErrorCode#IMPORT_REJECTED}
 * instead. {@link #summary()} says all this in a sentence.
 *
 * @param applied whether the import changed the group; when false nothing at all was stored
 * @param added the rows stored in the group: {@code valid} when applied, else 0
 * @param valid the rows that passed every check, stored or not
 * @param columns the header's columns in file order, each with the variable it became or marked as the address
 * @param rejected the rows that did not pass, in file order
 * @param warnings what deserves a look in the valid rows, in file order: rows with fewer values than the header
 *                 has columns, domains that mix scripts; those rows count as valid and are stored when applied
 */
public record ImportReport(boolean applied, int added, int valid, List<ImportColumn> columns,
                           List<RejectedRow> rejected, List<ImportWarning> warnings) {
    /**
     * Checks the counts and copies the lists.
     *
     * @throws IllegalArgumentException when a count is negative, or {@code added} is not {@code valid} for an
     *                                  applied import and 0 for another
     *
     * @param applied whether the import changed the group; when false nothing at all was stored
     * @param added the rows stored in the group: {@code valid} when applied, else 0
     * @param valid the rows that passed every check, stored or not
     * @param columns the header's columns in file order, each with the variable it became or marked as the address
     * @param rejected the rows that did not pass, in file order
     * @param warnings what deserves a look in the valid rows, in file order: rows with fewer values than the header
     *                 has columns, domains that mix scripts; those rows count as valid and are stored when applied
     */
    public ImportReport {
        if (valid < 0) {
            throw new IllegalArgumentException("valid must not be negative: " + valid);
        }
        int expected = applied ? valid : 0;
        if (added != expected) {
            throw new IllegalArgumentException("added must be " + expected + " when applied is " + applied + ": "
                    + added);
        }
        columns = List.copyOf(columns);
        rejected = List.copyOf(rejected);
        warnings = List.copyOf(warnings);
    }

    /**
     * {@return a report of an import as read, before the caller decides whether to keep its rows}
     *
     * @param applied whether the rows were stored
     * @param valid the rows that passed every check, stored or not
     * @param columns the header's columns in file order, each with the variable it became or marked as the address
     * @param rejected the rows that did not pass, in file order
     * @param warnings what deserves a look in the valid rows, in file order: rows with fewer values than the header has
     *         columns, domains that mix scripts; those rows count as valid and are stored when applied
     */
    public static ImportReport of(boolean applied, int valid, List<ImportColumn> columns, List<RejectedRow> rejected,
                                  List<ImportWarning> warnings) {
        return new ImportReport(applied, applied ? valid : 0, valid, columns, rejected, warnings);
    }

    /**
     * {@return a copy with another {@link #applied()} flag, and {@link #added()} to match}
     *
     * @param newApplied whether the import changed the group; when false nothing at all was stored
     */
    public ImportReport withApplied(boolean newApplied) {
        return of(newApplied, valid, columns, rejected, warnings);
    }

    /** {@return the variable names the columns became, in file order: the group's columns after its first import} */
    public List<String> variables() {
        return columns.stream().flatMap(c -> c.variable().stream()).toList();
    }

    /**
     * {@return the outcome in one sentence, fit to show: {@code "Nothing was imported: 2 rows were rejected; 5 rows
     * were valid. Fix the rejected rows and import the file again."} or {@code "Imported 5 rows; 2 rows were rejected;
     * 1 warning."}}
     */
    public String summary() {
        StringBuilder s = new StringBuilder();
        if (applied) {
            s.append("Imported ").append(rows(added));
            if (!rejected.isEmpty()) {
                s.append("; ").append(rows(rejected.size())).append(rejected.size() == 1 ? " was" : " were")
                        .append(" rejected");
            }
        } else {
            s.append("Nothing was imported: ").append(rows(rejected.size()))
                    .append(rejected.size() == 1 ? " was" : " were").append(" rejected; ").append(rows(valid))
                    .append(valid == 1 ? " was" : " were").append(" valid");
        }
        if (!warnings.isEmpty()) {
            s.append("; ").append(warnings.size()).append(warnings.size() == 1 ? " warning" : " warnings");
        }
        s.append('.');
        return applied ? s.toString() : s.append(" Fix the rejected rows and import the file again.").toString();
    }

    private static String rows(int n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
