package dev.ses.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one DNS lookup: records, or the reason there are none.
 *
 * @param status how the lookup ended
 * @param records the records found, empty unless {@link Status#OK}
 * @param error a description of the failure, for {@link Status#SERVFAIL}, {@link Status#TIMEOUT} and
 *              {@link Status#ERROR}
 */
public record DnsAnswer<T>(Status status, List<T> records, Optional<String> error) {
    /** How a lookup ended. */
    public enum Status {
        /** The name has records of the type asked for. */
        OK,
        /** The name exists but has no records of this type. */
        NO_DATA,
        /** The name does not exist. */
        NXDOMAIN,
        /** The server failed to answer. */
        SERVFAIL,
        /** No server answered in time. */
        TIMEOUT,
        /** Any other failure. */
        ERROR
    }

    /**
     * Checks and copies the fields.
     *
     * @param status how the lookup ended
     * @param records the records found, empty unless {@link Status#OK}
     * @param error a description of the failure, for {@link Status#SERVFAIL}, {@link Status#TIMEOUT} and
     *              {@link Status#ERROR}
     */
    public DnsAnswer {
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
        Objects.requireNonNull(error, "error");
        if (status == Status.OK && records.isEmpty()) {
            status = Status.NO_DATA;
        }
    }

    /**
     * {@return an answer with records (or {@link Status#NO_DATA} if the list is empty)}
     *
     * @param <T> the type of the records
     * @param records the records found, empty unless {@link Status#OK}
     */
    public static <T> DnsAnswer<T> of(List<T> records) {
        return new DnsAnswer<>(Status.OK, records, Optional.empty());
    }

    /**
     * {@return an answer without records}
     *
     * @param <T> the type of the records
     * @param status how the lookup ended
     */
    public static <T> DnsAnswer<T> none(Status status) {
        return new DnsAnswer<>(status, List.of(), Optional.empty());
    }

    /**
     * {@return a failed lookup with its description}
     *
     * @param <T> the type of the records
     * @param status how the lookup ended
     * @param error a description of the failure, for {@link Status#SERVFAIL}, {@link Status#TIMEOUT} and {@link
     *         Status#ERROR}
     */
    public static <T> DnsAnswer<T> failed(Status status, String error) {
        return new DnsAnswer<>(status, List.of(), Optional.of(error));
    }

    /** {@return whether records were found} */
    public boolean found() {
        return status == Status.OK;
    }

    /** {@return whether the lookup failed, as opposed to finding that there is nothing} */
    public boolean failed() {
        return status == Status.SERVFAIL || status == Status.TIMEOUT || status == Status.ERROR;
    }
}
