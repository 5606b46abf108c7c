package dev.ses.core;

/**
 * One sender domain's results on one day, as warm-up judges them.
 *
 * @param sent messages handed to the transport
 * @param delivered accepted by the recipients' servers
 * @param invalid hard bounces for a bad address (5.1.x)
 * @param spamBounces refusals as spam or by policy (5.7.x)
 * @param complaints spam complaints
 * @param opens opened messages
 */
public record DayStats(long sent, long delivered, long invalid, long spamBounces, long complaints, long opens) {
    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** {@return delivered / sent} */
    public double deliveryRate() {
        return rate(delivered, sent);
    }

    /** {@return invalid addresses / sent} */
    public double invalidRate() {
        return rate(invalid, sent);
    }

    /** {@return spam bounces / sent} */
    public double spamBounceRate() {
        return rate(spamBounces, sent);
    }

    /** {@return complaints / delivered} */
    public double complaintRate() {
        return rate(complaints, delivered);
    }

    /** {@return opens / delivered} */
    public double openRate() {
        return rate(opens, delivered);
    }
}
