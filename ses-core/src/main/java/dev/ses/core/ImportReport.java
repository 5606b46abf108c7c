package dev.ses.core;

import java.util.List;

/**
 * The outcome of one recipient CSV import into a group.
 *
 * <p>An import is all-or-nothing by default: one rejected row and nothing is stored, {@link #applied()} is
 * {@code false}, and {@link #rejected()} lists every row that would have to be fixed. An import that skips
 * invalid rows stores the valid ones and lists the others. A file that is wrong as a whole (no header, a bad
 * header, broken quoting, more recipients than allowed) produces no report: the import throws a
 * {@link SesException} with {@link ErrorCode#IMPORT_REJECTED} instead.
 *
 * @param accepted the rows that passed every check; they were stored only when {@link #applied()} is true
 * @param rejected the rows that did not pass, in file order
 * @param variables the variable names, that is the header's column names after the first (the address) one,
 *                  in file order
 * @param applied whether the accepted rows were stored
 */
public record ImportReport(int accepted, List<RejectedRow> rejected, List<String> variables, boolean applied) {
    /** Checks the count and copies the lists. */
    public ImportReport {
        if (accepted < 0) {
            throw new IllegalArgumentException("accepted must not be negative: " + accepted);
        }
        rejected = List.copyOf(rejected);
        variables = List.copyOf(variables);
    }

    /** A copy with another {@link #applied()} flag, for a caller that decides later whether to keep the rows. */
    public ImportReport withApplied(boolean newApplied) {
        return new ImportReport(accepted, rejected, variables, newApplied);
    }
}
