package dev.ses.core.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What names one sent message on the wire: the local part of its {@code Message-ID} and of its return path
 * {@code bounce+<token>@<sender domain>}. A shared message (a regular send to several recipients) is named by its
 * request id alone; a message written for one recipient (a batch, or later a tracked send) adds that recipient's row:
 * {@code <request id>.<row id>}. The one place that writes this form and the one that reads it back.
 *
 * @param requestId the request the message belongs to
 * @param rowId the recipient's row, for a message of its own
 */
public record MessageToken(String requestId, Optional<Long> rowId) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1,100}(\\.[0-9]{1,19})?");

    /** A new request id: 32 random hex digits, safe in a URL, a Message-ID and a token. */
    public static String newRequestId() {
        return java.util.UUID.randomUUID().toString().replace("-", "");
    }

    /** The token of a message shared by the recipients of one request. */
    public static MessageToken shared(String requestId) {
        return new MessageToken(requestId, Optional.empty());
    }

    /** The token of a message written for one recipient's row. */
    public static MessageToken single(String requestId, long rowId) {
        return new MessageToken(requestId, Optional.of(rowId));
    }

    /**
     * Reads a token from a {@code Message-ID} value (with or without angle brackets), a return path or a bare token.
     *
     * @return empty if the text is not in the form ses writes
     */
    public static Optional<MessageToken> parse(String text) {
        String s = text.strip();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        int at = s.indexOf('@');
        String local = at < 0 ? s : s.substring(0, at);
        if (local.startsWith("bounce+")) {
            local = local.substring("bounce+".length());
        }
        if (!FORM.matcher(local).matches()) {
            return Optional.empty();
        }
        int dot = local.indexOf('.');
        if (dot < 0) {
            return Optional.of(shared(local));
        }
        try {
            return Optional.of(single(local.substring(0, dot), Long.parseLong(local.substring(dot + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The token's text. */
    public String text() {
        return rowId.map(id -> requestId + "." + id).orElse(requestId);
    }

    /** The {@code Message-ID} value, without angle brackets. */
    public String messageId(String senderDomain) {
        return text() + "@" + senderDomain;
    }

    /** The envelope sender that bounces come back to. */
    public String returnPath(String senderDomain) {
        return "bounce+" + text() + "@" + senderDomain;
    }
}
