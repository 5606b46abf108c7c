package dev.ses.core.spi;

import dev.ses.core.BounceReason;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What became of one recipient when the transport handed a message over.
 */
public enum Outcome {
    /** 2xx: accepted by the recipient's server. */
    DELIVERED,
    /** 4xx, or no answer: try again later. */
    DEFERRED,
    /** 5xx for the address: user unknown, mailbox disabled, domain not found. The address is blocklisted. */
    HARD_BOUNCE,
    /** 5xx that is not the address's fault nor ses's: mailbox full (5.2.2), rate limited, expired. Not
     * blocklisted. */
    SOFT_BOUNCE,
    /** 5.7.x: refused by the receiver's policy, or its content refused as spam. Not blocklisted. */
    REJECTED,
    /**
     * The connection failed after the message's final dot was sent: the server may have it. Not a reply, so
     * {@link #classify} never returns it; sending the message again may deliver a second copy.
     */
    UNCERTAIN,
    /**
     * The message could not be sent as it is: it cannot be rendered as MIME, or its DKIM key cannot sign, or the
     * receiver refused the message itself (a format or protocol error, its size). The recipient is not to blame and
     * is never blocklisted; trying again would fail the same way.
     */
    FAILED;

    /** An enhanced status code anywhere in the text, not part of a longer dotted number such as an IP address. */
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.]*\\d)");
    private static final Pattern BASIC = Pattern.compile("^\\s*([2-5]\\d\\d)(?:[ -]|$)");

    /**
     * Classifies a server's reply by {@link dev.ses.core.BounceReason}, preferring the RFC 3463 enhanced status code
     * found in the text: a refused address (user unknown, mailbox disabled, domain not found) is a hard bounce; a
     * policy or content refusal is a rejection; a refusal of ses's own message (a format error such as
     * {@code 500 Line too long}, {@code 5.5.x}, {@code 5.6.x}, or its size) is {@link #FAILED}, never held against the
     * recipient; any other permanent refusal (mailbox full, rate limited, expired) is a soft bounce.
     *
     * @param code the three-digit SMTP reply code
     * @param text the reply text, possibly starting with an enhanced status code such as {@code 5.1.1}
     * @return the outcome the reply means for the recipient's copy
     */
    public static Outcome classify(int code, String text) {
        String t = text == null ? "" : text;
        int basic = code;
        if (basic == 0) {
            Matcher b = BASIC.matcher(t);
            basic = b.find() ? Integer.parseInt(b.group(1)) : 0;
        }
        int cls;
        Matcher m = ENHANCED.matcher(t);
        if (m.find()) {
            // A temporary basic code keeps the reply temporary whatever its text says (RFC 3463 section 2).
            cls = basic >= 400 && basic < 500 ? 4 : Integer.parseInt(m.group(1));
        } else {
            cls = basic >= 200 && basic < 600 ? basic / 100 : 0;
        }
        if (cls == 2) {
            return DELIVERED;
        }
        if (cls != 5) {
            return DEFERRED;
        }
        return BounceReason.classify(code, t).permanentOutcome();
    }
}
