package dev.ses.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which blocklist entries to list.
 *
 * @param address a part of the address, case-insensitive
 * @param addedFrom added at or after this instant
 * @param addedTo added before this instant
 * @param source bounces only, or custom entries only
 */
public record BlocklistQuery(Optional<String> address, Optional<Instant> addedFrom, Optional<Instant> addedTo,
                             Optional<BlocklistEntry.Source> source) {
    /**
     * Checks the fields.
     *
     * @param address a part of the address, case-insensitive
     * @param addedFrom added at or after this instant
     * @param addedTo added before this instant
     * @param source bounces only, or custom entries only
     */
    public BlocklistQuery {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(addedFrom, "addedFrom");
        Objects.requireNonNull(addedTo, "addedTo");
        Objects.requireNonNull(source, "source");
    }

    /** {@return every entry} */
    public static BlocklistQuery all() {
        return new BlocklistQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * {@return a copy that matches addresses holding this text}
     *
     * @param part text the address must hold, case-insensitive
     */
    public BlocklistQuery withAddress(String part) {
        return new BlocklistQuery(Optional.of(part), addedFrom, addedTo, source);
    }

    /**
     * {@return a copy that matches entries added in {@code [from, to)}}
     *
     * @param from the first instant of addition (inclusive)
     * @param to the end of the span (exclusive)
     */
    public BlocklistQuery withAddedBetween(Instant from, Instant to) {
        return new BlocklistQuery(address, Optional.of(from), Optional.of(to), source);
    }

    /**
     * {@return a copy that matches one source}
     *
     * @param s the source the entries must have
     */
    public BlocklistQuery withSource(BlocklistEntry.Source s) {
        return new BlocklistQuery(address, addedFrom, addedTo, Optional.of(s));
    }
}
