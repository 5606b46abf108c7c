package dev.ses.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What one statistics counter is kept for: a cell of the cube.
 *
 * @param account the account
 * @param granularity a day's bucket or an hour's
 * @param bucket when the bucket starts (midnight in the quota's zone, or the top of an hour)
 * @param senderDomain the sender's domain
 * @param recipientDomain the recipient's domain in lower case (the mailbox provider)
 * @param templateId the template
 * @param taskId the batch task, 0 for a regular send
 * @param metric what is counted
 */
public record StatKey(String account, StatGranularity granularity, Instant bucket, String senderDomain,
                      String recipientDomain, long templateId, long taskId, StatMetric metric) {
    /**
     * Checks the fields.
     *
     * @param account the account
     * @param granularity a day's bucket or an hour's
     * @param bucket when the bucket starts (midnight in the quota's zone, or the top of an hour)
     * @param senderDomain the sender's domain
     * @param recipientDomain the recipient's domain in lower case (the mailbox provider)
     * @param templateId the template
     * @param taskId the batch task, 0 for a regular send
     * @param metric what is counted
     */
    public StatKey {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(metric, "metric");
        if (taskId < 0) {
            throw new IllegalArgumentException("taskId must be >= 0: " + taskId);
        }
    }
}
