package dev.ses.core.internal.csv;

import dev.ses.core.spi.RecipientRow;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every chunk, for tests that look at the rows. */
final class CollectingSink implements RecipientSink {
    final List<List<RecipientRow>> chunks = new ArrayList<>();
    List<String> variables;

    @Override
    public void start(List<String> names) {
        this.variables = names;
    }

    @Override
    public void accept(List<RecipientRow> rows) {
        chunks.add(rows);
    }

    List<RecipientRow> rows() {
        return chunks.stream().flatMap(List::stream).toList();
    }

    List<String> emails() {
        return rows().stream().map(RecipientRow::email).toList();
    }
}
