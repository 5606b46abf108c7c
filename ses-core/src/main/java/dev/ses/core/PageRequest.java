package dev.ses.core;

/**
 * Which page of a listing to return.
 *
 * @param offset how many items to skip, at least 0
 * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
 */
public record PageRequest(int offset, int limit) {
    /** The largest page the service returns, as the reproduced service does. */
    public static final int MAX_LIMIT = 100;

    /**
     * Checks the bounds.
     *
     * @param offset how many items to skip, at least 0
     * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
     */
    public PageRequest {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    /** {@return the first page of the largest size} */
    public static PageRequest first() {
        return new PageRequest(0, MAX_LIMIT);
    }

    /**
     * {@return the first page of the given size}
     *
     * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
     */
    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }

    /** {@return the page after this one} */
    public PageRequest next() {
        return new PageRequest(offset + limit, limit);
    }
}
