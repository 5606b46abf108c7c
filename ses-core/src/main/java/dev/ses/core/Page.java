package dev.ses.core;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing.
 *
 * @param items the items of this page, at most the page size asked for
 * @param offset the offset of the first item
 * @param total the number of items across all pages
 */
public record Page<T>(List<T> items, int offset, long total) {
    /**
     * Checks and copies the items.
     *
     * @param items the items of this page, at most the page size asked for
     * @param offset the offset of the first item
     * @param total the number of items across all pages
     */
    public Page {
        items = List.copyOf(items);
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0: " + total);
        }
    }

    /** {@return whether more items follow this page} */
    public boolean hasMore() {
        return offset + items.size() < total;
    }

    /**
     * {@return this page with each item mapped}
     *
     * @param <R> the type of the mapped items
     * @param mapper maps one item
     */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), offset, total);
    }

    /**
     * Cuts one page out of a complete, ordered list.
     *
     * @param <T> the type of the items
     * @param all every item, in order
     * @param page which page, and how many items on it
     * @return the page, empty past the end
     */
    public static <T> Page<T> of(List<T> all, PageRequest page) {
        int from = Math.min(page.offset(), all.size());
        int to = Math.min(from + page.limit(), all.size());
        return new Page<>(all.subList(from, to), page.offset(), all.size());
    }
}
