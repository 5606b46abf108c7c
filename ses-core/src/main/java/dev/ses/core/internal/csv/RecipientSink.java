package dev.ses.core.internal.csv;

import dev.ses.core.spi.RecipientRow;
import java.util.List;

/**
 * Where {@link RecipientCsvReader} puts the rows it accepts, a chunk at a time, so that a store can write them
 * in batches while the file is still being read.
 *
 * <p>Calls come from the thread that called the reader, in file order: {@link #start} once, then
 * {@link #accept} for each chunk. Whatever a method throws ends the read and reaches the reader's caller
 * unchanged, so a sink can refuse a file (a header that does not match the group's columns, a group that is
 * full) with its own exception.
 */
@FunctionalInterface
public interface RecipientSink {
    /**
     * Called once, after the header was checked and before any row.
     *
     * @param variables the variable names, the header's columns after the address column
     */
    default void start(List<String> variables) {
    }

    /**
     * Takes the next chunk of accepted rows.
     *
     * @param rows at least one row and at most the reader's chunk size, in file order; an unmodifiable list the
     *             sink may keep
     */
    void accept(List<RecipientRow> rows);
}
