package dev.ses.core.internal;

import dev.ses.core.BounceReason;
import dev.ses.core.spi.Outcome;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule that turns a refusal into a {@link BounceReason} and an {@link Outcome}, for SMTP replies during the
 * conversation and for the status of delivery reports that come back later.
 *
 * <p>The RFC 3463 enhanced status code decides where its subject and detail are specific ({@code 5.1.1},
 * {@code 5.2.2}); where it is generic ({@code 5.0.0}, {@code 5.7.1}, or missing) the reply's words decide, because
 * receivers put most of their meaning there ({@code 550 5.7.1 ... blocked using zen.spamhaus.org} is a block of the
 * sending IP, {@code 554 5.7.1 ... spam content} a refusal of the message). A bare basic code says least: 500-504 are
 * about ses's own commands or lines, 552 is the size. The words are read in a fixed order, address reasons first,
 * since a receiver that names the recipient usually means the recipient.
 *
 * <p>Only the address reasons become a hard bounce (blocklisted); a refusal about ses's own message (format, size)
 * settles as failed, never against the recipient; policy and content refusals are rejections; the rest soft bounces.
 */
public final class ReplyClassifier {
    /** An enhanced status code anywhere in the text, not part of a longer dotted number such as an IP address. */
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.]*\\d)");
    private static final Pattern BASIC = Pattern.compile("^\\s*([2-5]\\d\\d)(?:[ -]|$)");

    /**
     * What one reply means.
     *
     * @param outcome what ses does with the recipient's copy
     * @param reason why, for a refusal (for a success, {@link BounceReason#OTHER})
     * @param enhancedCode the enhanced status code read, such as {@code 5.1.1}, if the text held one
     */
    public record Verdict(Outcome outcome, BounceReason reason, Optional<String> enhancedCode) {
        /** Whether this is a permanent refusal. */
        public boolean permanent() {
            return outcome != Outcome.DELIVERED && outcome != Outcome.DEFERRED;
        }
    }

    private ReplyClassifier() {
    }

    /**
     * Classifies a reply: its outcome by {@link Outcome#classify}, its reason by {@link #reason}.
     *
     * @param code the basic reply code, or 0 when unknown (it is then read from the start of the text, if there)
     * @param text the reply text, possibly null or empty
     */
    public static Verdict classify(int code, String text) {
        return new Verdict(Outcome.classify(code, text), reason(code, text), enhancedCode(text));
    }

    /** The first enhanced status code in a text, such as {@code 5.1.1}, if it holds one. */
    public static Optional<String> enhancedCode(String text) {
        Matcher m = ENHANCED.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1) + "." + Integer.parseInt(m.group(2)) + "."
                + Integer.parseInt(m.group(3))) : Optional.empty();
    }

    private static int basicCode(int code, String t) {
        if (code != 0) {
            return code;
        }
        Matcher b = BASIC.matcher(t);
        return b.find() ? Integer.parseInt(b.group(1)) : 0;
    }

    /**
     * Why a reply refused, temporary or permanent.
     *
     * @param code the basic reply code, or 0 when unknown (it is then read from the start of the text, if there)
     * @param text the reply text, possibly null or empty
     */
    public static BounceReason reason(int code, String text) {
        String t = text == null ? "" : text;
        String lower = t.toLowerCase(Locale.ROOT);
        Matcher m = ENHANCED.matcher(t);
        if (m.find()) {
            return byEnhanced(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), lower);
        }
        int basic = basicCode(code, t);
        if (basic < 200 || basic >= 600) {
            // No code at all: a connection failure described in words.
            return words(lower).orElse(BounceReason.NETWORK);
        }
        return basic < 300 ? BounceReason.OTHER : byBasic(basic, lower);
    }

    /** What a permanent refusal for a reason does to the recipient's copy. */
    public static Outcome outcome(BounceReason reason) {
        return switch (reason) {
            case USER_UNKNOWN, MAILBOX_DISABLED, DOMAIN_NOT_FOUND -> Outcome.HARD_BOUNCE;
            case POLICY_BLOCK, CONTENT_REJECTED -> Outcome.REJECTED;
            case OWN_FORMAT_ERROR, MESSAGE_TOO_BIG -> Outcome.FAILED;
            case MAILBOX_FULL, RATE_LIMITED, EXPIRED, NETWORK, OTHER -> Outcome.SOFT_BOUNCE;
        };
    }

    /** RFC 3463 section 3 (and the codes registered since: 5.1.10 RFC 7505, 5.7.13 and up RFC 7372). */
    private static BounceReason byEnhanced(int subject, int detail, String lower) {
        switch (subject) {
            case 1 -> {
                return switch (detail) {
                    case 1, 3, 4, 6 -> BounceReason.USER_UNKNOWN;
                    case 2 -> BounceReason.DOMAIN_NOT_FOUND;
                    // RFC 7505's null MX; Exchange Online sends it for a recipient it does not know.
                    case 10 -> has(lower, USER_WORDS) ? BounceReason.USER_UNKNOWN : BounceReason.DOMAIN_NOT_FOUND;
                    case 7, 8 -> BounceReason.POLICY_BLOCK; // ses's own sender address refused
                    default -> words(lower).filter(r -> r != BounceReason.OWN_FORMAT_ERROR)
                            .orElse(BounceReason.USER_UNKNOWN);
                };
            }
            case 2 -> {
                return switch (detail) {
                    // Gmail answers a recipient receiving too fast with 4.2.1.
                    case 1 -> has(lower, RATE_WORDS) ? BounceReason.RATE_LIMITED : BounceReason.MAILBOX_DISABLED;
                    case 2 -> BounceReason.MAILBOX_FULL;
                    case 3 -> BounceReason.MESSAGE_TOO_BIG;
                    default -> words(lower).orElse(BounceReason.MAILBOX_DISABLED);
                };
            }
            case 3 -> {
                return switch (detail) {
                    case 1 -> BounceReason.MAILBOX_FULL;
                    case 3 -> BounceReason.OWN_FORMAT_ERROR;
                    case 4 -> BounceReason.MESSAGE_TOO_BIG;
                    default -> words(lower).orElse(BounceReason.OTHER);
                };
            }
            case 4 -> {
                return switch (detail) {
                    case 4 -> BounceReason.DOMAIN_NOT_FOUND;
                    case 7 -> BounceReason.EXPIRED;
                    default -> words(lower).filter(r -> r == BounceReason.RATE_LIMITED || r == BounceReason.EXPIRED
                            || r == BounceReason.DOMAIN_NOT_FOUND).orElse(BounceReason.NETWORK);
                };
            }
            case 5 -> {
                return BounceReason.OWN_FORMAT_ERROR;
            }
            case 6 -> {
                return words(lower).filter(r -> r == BounceReason.CONTENT_REJECTED)
                        .orElse(BounceReason.OWN_FORMAT_ERROR);
            }
            case 7 -> {
                return switch (detail) {
                    case 13 -> BounceReason.MAILBOX_DISABLED;
                    case 17 -> BounceReason.USER_UNKNOWN;
                    case 18 -> BounceReason.DOMAIN_NOT_FOUND;
                    case 28 -> BounceReason.RATE_LIMITED;
                    case 5, 7 -> BounceReason.OWN_FORMAT_ERROR;
                    default -> security(lower);
                };
            }
            default -> {
                return words(lower).orElse(BounceReason.OTHER);
            }
        }
    }

    /**
     * A {@code 5.7.x} refusal: a policy block unless the words say the message's content, its format or the sending
     * rate, or name the recipient (some receivers answer an unknown user with {@code 5.7.1}).
     */
    private static BounceReason security(String lower) {
        if (has(lower, LIST_WORDS)) {
            return BounceReason.POLICY_BLOCK;
        }
        if (has(lower, CONTENT_WORDS)) {
            return BounceReason.CONTENT_REJECTED;
        }
        Optional<BounceReason> w = words(lower);
        if (w.isPresent() && w.get() != BounceReason.NETWORK
                && w.get() != BounceReason.EXPIRED) {
            return w.get();
        }
        return BounceReason.POLICY_BLOCK;
    }

    /** A reply without an enhanced code: the words first, then what the basic code means by itself. */
    private static BounceReason byBasic(int basic, String lower) {
        Optional<BounceReason> w = words(lower);
        if (w.isPresent()) {
            return w.get();
        }
        return switch (basic) {
            case 500, 501, 502, 503, 504, 555 -> BounceReason.OWN_FORMAT_ERROR;
            case 552 -> BounceReason.MESSAGE_TOO_BIG;
            case 421, 450, 451 -> BounceReason.NETWORK;
            case 452 -> BounceReason.MAILBOX_FULL;
            default -> BounceReason.OTHER;
        };
    }

    private static final String[] USER_WORDS = {"user unknown", "unknown user", "no such user", "user not found",
        "unknown recipient", "recipient unknown", "no such recipient", "recipient not found", "invalid recipient",
        "no mailbox", "mailbox not found", "no such mailbox", "mailbox unavailable", "invalid mailbox",
        "not a valid mailbox", "mailbox does not exist", "address does not exist", "account does not exist",
        "user does not exist", "recipient does not exist", "doesn't have a", "does not have an account",
        "address not found", "no longer available", "not our customer", "unknown address", "unknown local part",
        "address rejected: user", "invalid address", "bad destination mailbox"};
    private static final String[] FULL_WORDS = {"mailbox full", "mailbox is full", "over quota", "quota exceeded",
        "exceeded storage", "insufficient storage", "out of storage", "exceeds quota", "quota exceed", "full mailbox",
        "mailbox has exceeded", "over its quota", "overquota"};
    private static final String[] DISABLED_WORDS = {"disabled", "suspended", "inactive", "deactivated",
        "not active", "account closed", "account has been closed", "locked", "mailbox unavailable: frozen"};
    private static final String[] DOMAIN_WORDS = {"host not found", "domain not found", "no such domain",
        "domain does not exist", "name service error", "unrouteable", "unroutable", "no mx", "domain name not found",
        "nxdomain", "null mx", "host unknown", "unknown host", "domain does not accept mail"};
    private static final String[] TOO_BIG_WORDS = {"too big", "too large", "size limit", "exceeds the maximum size",
        "message size", "maximum message size", "exceeds size"};
    private static final String[] RATE_WORDS = {"rate limit", "rate-limit", "ratelimit", "too many messages",
        "too many connections", "too many recipients from", "throttl", "unusual rate", "sending rate",
        "try again later", "slow down", "at a rate"};
    private static final String[] LIST_WORDS = {"blocked using", "blocklist", "blacklist", "block list",
        "black list", "spamhaus", "spamcop", "barracuda", "rbl", "dnsbl", "listed at", "listed in", "listed on",
        "reputation", "your ip", "client host", "sending ip", "ip address"};
    private static final String[] POLICY_WORDS = {"blocked using", "blocklist", "blacklist", "block list",
        "black list", "spamhaus", "spamcop", "barracuda", "rbl", "dnsbl", "listed at", "listed in", "reputation",
        "dmarc", "spf", "dkim", "not authorized", "not permitted", "relay access denied", "relaying denied",
        "relay not permitted", "access denied", "banned", "your ip", "client host", "poor reputation",
        "sender address rejected", "sender rejected", "authentication", "unauthenticated", "policy"};
    private static final String[] CONTENT_WORDS = {"spam", "virus", "malware", "content", "attachment", "phish",
        "unsolicited", "junk", "suspicious"};
    private static final String[] EXPIRED_WORDS = {"expired", "too long in queue", "retry timeout", "gave up",
        "delivery time", "time limit", "retry time not reached for any host"};
    private static final String[] FORMAT_WORDS = {"line too long", "line length", "syntax", "command unrecognized",
        "command not recognized", "unrecognized command", "malformed", "bad header", "invalid header",
        "8bit", "8-bit", "encoding", "bare lf", "bare line feed", "not rfc", "rfc 5322", "rfc5322", "rfc 2822",
        "rfc2822", "mime"};
    private static final String[] NETWORK_WORDS = {"connection refused", "connection timed out", "timed out",
        "connection reset", "network is unreachable", "no route to host", "lost connection", "connection closed"};

    /** The reason the words name, in order of how much each tells, if any. */
    static Optional<BounceReason> words(String lower) {
        if (lower.isEmpty()) {
            return Optional.empty();
        }
        if (has(lower, FULL_WORDS)) {
            return Optional.of(BounceReason.MAILBOX_FULL);
        }
        if (has(lower, DOMAIN_WORDS)) {
            return Optional.of(BounceReason.DOMAIN_NOT_FOUND);
        }
        if (has(lower, USER_WORDS)) {
            return Optional.of(BounceReason.USER_UNKNOWN);
        }
        if (has(lower, FORMAT_WORDS)) {
            return Optional.of(BounceReason.OWN_FORMAT_ERROR);
        }
        if (has(lower, TOO_BIG_WORDS)) {
            return Optional.of(BounceReason.MESSAGE_TOO_BIG);
        }
        if (has(lower, RATE_WORDS)) {
            return Optional.of(BounceReason.RATE_LIMITED);
        }
        if (has(lower, POLICY_WORDS)) {
            return Optional.of(BounceReason.POLICY_BLOCK);
        }
        if (has(lower, CONTENT_WORDS)) {
            return Optional.of(BounceReason.CONTENT_REJECTED);
        }
        if (has(lower, DISABLED_WORDS)) {
            return Optional.of(BounceReason.MAILBOX_DISABLED);
        }
        if (has(lower, EXPIRED_WORDS)) {
            return Optional.of(BounceReason.EXPIRED);
        }
        if (has(lower, NETWORK_WORDS)) {
            return Optional.of(BounceReason.NETWORK);
        }
        return Optional.empty();
    }

    private static boolean has(String lower, String[] words) {
        for (String w : words) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
