package dev.ses.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits ses enforces. {@link #defaults()} follows the reproduced cloud service; each can be changed with its
 * {@code withX} copy.
 *
 * @param maxDomainsPerAccount sender domains per account (10)
 * @param maxAddressesPerDomain sender addresses per domain (10)
 * @param maxTo recipients in To of one regular send (50)
 * @param maxCc recipients in Cc (20)
 * @param maxBcc recipients in Bcc (20)
 * @param maxAttachments attachments per message (10)
 * @param maxAttachmentBytes attachment bytes per message in all (4 MiB)
 * @param maxTemplateBytes template body size in UTF-8 bytes (1 MiB)
 * @param maxTemplateDataBytes template data size as JSON in UTF-8 bytes (800)
 * @param blocklistDuration how long a hard bounce keeps an address on the blocklist (180 days)
 * @param maxRetryAge how long a temporarily refused message is retried before it settles as a soft bounce (72 hours),
 *                    counted from its first attempt: not from the days a task message waited for quota or a resume
 * @param maxImportRows recipients in one CSV import (10,000)
 * @param maxGroupRecipients recipients in one group (50,000)
 */
public record SesLimits(int maxDomainsPerAccount, int maxAddressesPerDomain, int maxTo, int maxCc, int maxBcc,
                        int maxAttachments, long maxAttachmentBytes, int maxTemplateBytes, int maxTemplateDataBytes,
                        Duration blocklistDuration, Duration maxRetryAge, int maxImportRows,
                        int maxGroupRecipients) {
    /**
     * Checks every limit is positive.
     *
     * @param maxDomainsPerAccount sender domains per account (10)
     * @param maxAddressesPerDomain sender addresses per domain (10)
     * @param maxTo recipients in To of one regular send (50)
     * @param maxCc recipients in Cc (20)
     * @param maxBcc recipients in Bcc (20)
     * @param maxAttachments attachments per message (10)
     * @param maxAttachmentBytes attachment bytes per message in all (4 MiB)
     * @param maxTemplateBytes template body size in UTF-8 bytes (1 MiB)
     * @param maxTemplateDataBytes template data size as JSON in UTF-8 bytes (800)
     * @param blocklistDuration how long a hard bounce keeps an address on the blocklist (180 days)
     * @param maxRetryAge how long a temporarily refused message is retried before it settles as a soft bounce
     *                    (72 hours), counted from its first attempt: not from the days a task message waited for
     *                    quota or a resume
     * @param maxImportRows recipients in one CSV import (10,000)
     * @param maxGroupRecipients recipients in one group (50,000)
     */
    public SesLimits {
        positive("maxDomainsPerAccount", maxDomainsPerAccount);
        positive("maxAddressesPerDomain", maxAddressesPerDomain);
        positive("maxTo", maxTo);
        nonNegative("maxCc", maxCc);
        nonNegative("maxBcc", maxBcc);
        nonNegative("maxAttachments", maxAttachments);
        nonNegative("maxAttachmentBytes", maxAttachmentBytes);
        positive("maxTemplateBytes", maxTemplateBytes);
        positive("maxTemplateDataBytes", maxTemplateDataBytes);
        duration("blocklistDuration", blocklistDuration);
        duration("maxRetryAge", maxRetryAge);
        positive("maxImportRows", maxImportRows);
        positive("maxGroupRecipients", maxGroupRecipients);
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0: " + value);
        }
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0: " + value);
        }
    }

    private static void duration(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
    }

    /** {@return the reproduced service's limits} */
    public static SesLimits defaults() {
        return new SesLimits(10, 10, 50, 20, 20, 10, 4L * 1024 * 1024, 1024 * 1024, 800, Duration.ofDays(180),
                Duration.ofHours(72), 10_000, 50_000);
    }

    /**
     * {@return a copy with another limit of sender domains per account}
     *
     * @param v sender domains per account
     */
    public SesLimits withMaxDomainsPerAccount(int v) {
        return new SesLimits(v, maxAddressesPerDomain, maxTo, maxCc, maxBcc, maxAttachments, maxAttachmentBytes,
                maxTemplateBytes, maxTemplateDataBytes, blocklistDuration, maxRetryAge, maxImportRows,
                maxGroupRecipients);
    }

    /**
     * {@return a copy with another limit of sender addresses per domain}
     *
     * @param v sender addresses per domain
     */
    public SesLimits withMaxAddressesPerDomain(int v) {
        return new SesLimits(maxDomainsPerAccount, v, maxTo, maxCc, maxBcc, maxAttachments, maxAttachmentBytes,
                maxTemplateBytes, maxTemplateDataBytes, blocklistDuration, maxRetryAge, maxImportRows,
                maxGroupRecipients);
    }

    /**
     * {@return a copy with other recipient limits}
     *
     * @param to recipients in To of one regular send
     * @param cc recipients in Cc
     * @param bcc recipients in Bcc
     */
    public SesLimits withRecipientLimits(int to, int cc, int bcc) {
        return new SesLimits(maxDomainsPerAccount, maxAddressesPerDomain, to, cc, bcc, maxAttachments,
                maxAttachmentBytes, maxTemplateBytes, maxTemplateDataBytes, blocklistDuration, maxRetryAge,
                maxImportRows, maxGroupRecipients);
    }

    /**
     * {@return a copy with other attachment limits}
     *
     * @param count attachments per message
     * @param totalBytes attachment bytes per message in all
     */
    public SesLimits withAttachmentLimits(int count, long totalBytes) {
        return new SesLimits(maxDomainsPerAccount, maxAddressesPerDomain, maxTo, maxCc, maxBcc, count, totalBytes,
                maxTemplateBytes, maxTemplateDataBytes, blocklistDuration, maxRetryAge, maxImportRows,
                maxGroupRecipients);
    }

    /**
     * {@return a copy with another template size limit}
     *
     * @param v template body size in UTF-8 bytes
     */
    public SesLimits withMaxTemplateBytes(int v) {
        return new SesLimits(maxDomainsPerAccount, maxAddressesPerDomain, maxTo, maxCc, maxBcc, maxAttachments,
                maxAttachmentBytes, v, maxTemplateDataBytes, blocklistDuration, maxRetryAge, maxImportRows,
                maxGroupRecipients);
    }

    /**
     * {@return a copy with another template data size limit}
     *
     * @param v template data size as JSON in UTF-8 bytes
     */
    public SesLimits withMaxTemplateDataBytes(int v) {
        return new SesLimits(maxDomainsPerAccount, maxAddressesPerDomain, maxTo, maxCc, maxBcc, maxAttachments,
                maxAttachmentBytes, maxTemplateBytes, v, blocklistDuration, maxRetryAge, maxImportRows,
                maxGroupRecipients);
    }

    /**
     * {@return a copy with another blocklist duration for hard bounces}
     *
     * @param v how long a hard bounce keeps an address on the blocklist
     */
    public SesLimits withBlocklistDuration(Duration v) {
        return new SesLimits(maxDomainsPerAccount, maxAddressesPerDomain, maxTo, maxCc, maxBcc, maxAttachments,
                maxAttachmentBytes, maxTemplateBytes, maxTemplateDataBytes, v, maxRetryAge, maxImportRows,
                maxGroupRecipients);
    }

    /**
     * {@return a copy with other import and group sizes}
     *
     * @param importRows recipients in one CSV import
     * @param groupRecipients recipients in one group
     */
    public SesLimits withGroupLimits(int importRows, int groupRecipients) {
        return new SesLimits(maxDomainsPerAccount, maxAddressesPerDomain, maxTo, maxCc, maxBcc, maxAttachments,
                maxAttachmentBytes, maxTemplateBytes, maxTemplateDataBytes, blocklistDuration, maxRetryAge, importRows,
                groupRecipients);
    }

    /**
     * {@return a copy with another maximum retry age}
     *
     * @param v how long a temporarily refused message is retried before it settles as a soft bounce
     */
    public SesLimits withMaxRetryAge(Duration v) {
        return new SesLimits(maxDomainsPerAccount, maxAddressesPerDomain, maxTo, maxCc, maxBcc, maxAttachments,
                maxAttachmentBytes, maxTemplateBytes, maxTemplateDataBytes, blocklistDuration, v, maxImportRows,
                maxGroupRecipients);
    }
}
