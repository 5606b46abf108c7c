package dev.ses.core.spi;

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
    /** 5xx with a bad address (5.1.x) or another permanent failure: the address is blocklisted. */
    HARD_BOUNCE,
    /** 5.2.2 mailbox full, and the like: not delivered, not blocklisted. */
    SOFT_BOUNCE,
    /** 5.7.x: refused by policy, as spam. */
    REJECTED,
    /**
     * The connection failed after the message's final dot was sent: the server may have it. Not a reply, so
     * {@link #classify} never returns it; sending the message again may deliver a second copy.
     */
    UNCERTAIN,
    /**
     * The message could not be sent as it is (it cannot be rendered as MIME, or its DKIM key cannot sign): nothing
     * went on the wire, the recipient is not to blame, and trying again would fail the same way. Not a reply, so
     * {@link #classify} never returns it.
     */
    FAILED;

    private static final Pattern ENHANCED = Pattern.compile("^\\s*(\\d{3})?[ -]?([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    /**
     * Classifies a server's reply, preferring the RFC 3463 enhanced status code found at the start of the text.
     *
     * @param code the three-digit SMTP reply code
     * @param text the reply text, possibly starting with an enhanced status code such as {@code 5.1.1}
     */
    public static Outcome classify(int code, String text) {
        Matcher m = ENHANCED.matcher(text == null ? "" : text);
        if (m.find()) {
            int cls = Integer.parseInt(m.group(2));
            int subject = Integer.parseInt(m.group(3));
            int detail = Integer.parseInt(m.group(4));
            if (cls == 2) {
                return DELIVERED;
            }
            if (cls == 4) {
                return DEFERRED;
            }
            if (subject == 1) {
                return HARD_BOUNCE;
            }
            if (subject == 2 && detail == 2) {
                return SOFT_BOUNCE;
            }
            if (subject == 7) {
                return REJECTED;
            }
            return HARD_BOUNCE;
        }
        if (code >= 200 && code < 300) {
            return DELIVERED;
        }
        if (code >= 400 && code < 500) {
            return DEFERRED;
        }
        if (code == 552) {
            return SOFT_BOUNCE;
        }
        return code >= 500 && code < 600 ? HARD_BOUNCE : DEFERRED;
    }
}
