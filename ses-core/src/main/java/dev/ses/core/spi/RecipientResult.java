package dev.ses.core.spi;

import java.util.Objects;

/**
 * The transport's verdict on one envelope recipient.
 *
 * @param recipient the envelope recipient, as given in {@link OutboundMail#envelopeRecipients()}
 * @param outcome what became of it
 * @param reply the server's reply line(s), e.g. {@code 250 2.0.0 OK} or {@code 550 5.1.1 user unknown};
 *              for a connection failure, a description of it
 */
public record RecipientResult(String recipient, Outcome outcome, String reply) {
    /**
     * Checks the fields.
     *
     * @param recipient the envelope recipient, as given in {@link OutboundMail#envelopeRecipients()}
     * @param outcome what became of it
     * @param reply the server's reply line(s), e.g. {@code 250 2.0.0 OK} or {@code 550 5.1.1 user unknown};
     *              for a connection failure, a description of it
     */
    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reply, "reply");
    }

    /**
     * {@return a result classified from an SMTP reply code and text, see {@link Outcome#classify(int, String)}}
     *
     * @param recipient the envelope recipient, as given in {@link OutboundMail#envelopeRecipients()}
     * @param code the three-digit reply code
     * @param text the reply's text
     */
    public static RecipientResult fromReply(String recipient, int code, String text) {
        String reply = text.startsWith(String.valueOf(code)) ? text : code + " " + text;
        return new RecipientResult(recipient, Outcome.classify(code, text), reply);
    }

    /**
     * {@return a result for a recipient whose message the server may have: the connection failed after the final dot}
     *
     * @param recipient the envelope recipient, as given in {@link OutboundMail#envelopeRecipients()}
     * @param what what happened, e.g. {@code no reply to the end of data within 10m: the server may have the message}
     */
    public static RecipientResult uncertain(String recipient, String what) {
        return new RecipientResult(recipient, Outcome.UNCERTAIN, what);
    }

    /**
     * {@return results for every envelope recipient of a message that could not be sent as it is}
     *
     * @param mail the message that could not be sent
     * @param why what is wrong with the message, e.g. {@code cannot sign: the DKIM key is not an RSA key}
     */
    public static java.util.List<RecipientResult> failed(OutboundMail mail, String why) {
        return mail.envelopeRecipients().stream().map(r -> new RecipientResult(r, Outcome.FAILED, why)).toList();
    }
}
