package dev.ses.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a keyset-paged listing to return: up to {@code limit} items after the key a previous page gave
 * ({@link CursorPage#next()}), or from the start. The store reads only that page, whatever the listing's length.
 *
 * @param after the key after which the page starts, as a previous page returned it; empty for the first page
 * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
 */
public record CursorRequest(Optional<String> after, int limit) {
    /** The largest page, as the reproduced service allows. */
    public static final int MAX_LIMIT = 100;

    /**
     * Checks the fields.
     *
     * @param after the key after which the page starts, as a previous page returned it; empty for the first page
     * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
     * @throws SesException INVALID_ARGUMENT if the limit is below 1 or above {@value #MAX_LIMIT}
     */
    public CursorRequest {
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "limit: a page holds 1 to " + MAX_LIMIT
                    + " items, not " + limit);
        }
    }

    /**
     * {@return the first page of the given size}
     *
     * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
     */
    public static CursorRequest first(int limit) {
        return new CursorRequest(Optional.empty(), limit);
    }

    /** {@return the first page of the largest size} */
    public static CursorRequest first() {
        return first(MAX_LIMIT);
    }

    /**
     * {@return the page after a key a previous page returned, of this request's size}
     *
     * @param key the key a previous page returned ({@link CursorPage#next()})
     */
    public CursorRequest after(String key) {
        return new CursorRequest(Optional.of(key), limit);
    }

    /**
     * {@return the page after {@code page}, of this request's size; empty if {@code page} was the last}
     *
     * @param page the page just read
     */
    public Optional<CursorRequest> next(CursorPage<?> page) {
        return page.next().map(this::after);
    }
}
