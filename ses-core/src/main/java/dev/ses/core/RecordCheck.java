package dev.ses.core;

import java.util.Objects;

/**
 * The check of one record during domain verification.
 *
 * @param purpose what the record is for
 * @param name the owner name looked up
 * @param type the record type looked up
 * @param expected the value expected
 * @param found the value found, empty when none
 * @param status the verdict
 * @param required whether the domain can be verified only when this check is {@link CheckStatus#OK}
 * @param advice a sentence a person can act on
 */
public record RecordCheck(DnsRecord.Purpose purpose, String name, DnsRecordType type, String expected,
                          String found, CheckStatus status, boolean required, String advice) {
    /**
     * Checks the fields.
     *
     * @param purpose what the record is for
     * @param name the owner name looked up
     * @param type the record type looked up
     * @param expected the value expected
     * @param found the value found, empty when none
     * @param status the verdict
     * @param required whether the domain can be verified only when this check is {@link CheckStatus#OK}
     * @param advice a sentence a person can act on
     */
    public RecordCheck {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(advice, "advice");
    }

    /** {@return whether this check does not stand in the way of verification} */
    public boolean passes() {
        return status == CheckStatus.OK || status == CheckStatus.WARNING || !required;
    }
}
