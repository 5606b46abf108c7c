package dev.ses.core;

/** Who opened a message or clicked a link in it, as far as its user agent tells. */
public enum ReaderType {
    /** A person, or a reader that does not say it is a machine. */
    HUMAN,
    /** A machine: an image prefetcher, a privacy proxy, a link scanner. */
    MACHINE
}
