package dev.ses.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a keyset-paged listing.
 *
 * @param items the items of this page, at most the size asked for
 * @param next the key to ask for the next page with ({@link CursorRequest#after(String)}), empty on the last page
 */
public record CursorPage<T>(List<T> items, Optional<String> next) {
    /**
     * Checks and copies the fields.
     *
     * @param items the items of this page, at most the size asked for
     * @param next the key to ask for the next page with ({@link CursorRequest#after(String)}), empty on the last page
     */
    public CursorPage {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }

    /**
     * {@return this page with each item mapped}
     *
     * @param <R> the type of the mapped items
     * @param mapper maps one item
     */
    public <R> CursorPage<R> map(Function<? super T, ? extends R> mapper) {
        return new CursorPage<>(items.stream().<R>map(mapper).toList(), next);
    }
}
