package dev.ses.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.BounceReason;
import dev.ses.core.spi.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each reason from replies shaped as the big receivers write them, with the outcome it brings. */
class ReplyClassifierTest {
    static Stream<Arguments> replies() {
        return Stream.of(
                // user unknown
                Arguments.of(550, "5.1.1 The email account that you tried to reach does not exist. Please try double-"
                        + "checking the recipient's email address for typos. https://support.google.com/mail/?p="
                        + "NoSuchUser a1si123.45 - gsmtp", BounceReason.USER_UNKNOWN, Outcome.HARD_BOUNCE),
                Arguments.of(550, "5.1.1 <ann@example.org>: Recipient address rejected: User unknown in virtual "
                        + "mailbox table", BounceReason.USER_UNKNOWN, Outcome.HARD_BOUNCE),
                Arguments.of(550, "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                        BounceReason.USER_UNKNOWN, Outcome.HARD_BOUNCE),
                Arguments.of(554, "delivery error: dd This user doesn't have a yahoo.com account (ann@yahoo.com) "
                        + "[0] - mta1234.mail.ne1.yahoo.com", BounceReason.USER_UNKNOWN, Outcome.HARD_BOUNCE),
                Arguments.of(550, "5.0.0 <bob@example.org>... User unknown", BounceReason.USER_UNKNOWN,
                        Outcome.HARD_BOUNCE),
                Arguments.of(550, "Requested action not taken: mailbox unavailable", BounceReason.USER_UNKNOWN,
                        Outcome.HARD_BOUNCE),
                // mailbox full
                Arguments.of(552, "5.2.2 The email account that you tried to reach is over quota. Please direct the "
                        + "recipient to https://support.google.com/mail/?p=OverQuotaPerm - gsmtp",
                        BounceReason.MAILBOX_FULL, Outcome.SOFT_BOUNCE),
                Arguments.of(452, "4.2.2 Mailbox full", BounceReason.MAILBOX_FULL, Outcome.DEFERRED),
                Arguments.of(550, "Mailbox quota exceeded for this recipient", BounceReason.MAILBOX_FULL,
                        Outcome.SOFT_BOUNCE),
                // mailbox disabled
                Arguments.of(550, "5.2.1 The email account that you tried to reach is disabled. - gsmtp",
                        BounceReason.MAILBOX_DISABLED, Outcome.HARD_BOUNCE),
                Arguments.of(554, "30 Sorry, your message to carol@yahoo.com cannot be delivered. This mailbox is "
                        + "disabled (554.30).", BounceReason.MAILBOX_DISABLED, Outcome.HARD_BOUNCE),
                // domain does not exist
                Arguments.of(550, "5.1.2 Host or domain name not found. Name service error for name=nowhere.example "
                        + "type=A: Host not found", BounceReason.DOMAIN_NOT_FOUND, Outcome.HARD_BOUNCE),
                Arguments.of(554, "5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain",
                        BounceReason.DOMAIN_NOT_FOUND, Outcome.HARD_BOUNCE),
                Arguments.of(556, "5.1.10 Recipient address has null MX", BounceReason.DOMAIN_NOT_FOUND,
                        Outcome.HARD_BOUNCE),
                // policy
                Arguments.of(554, "5.7.1 Service unavailable; Client host [192.0.2.10] blocked using "
                        + "zen.spamhaus.org", BounceReason.POLICY_BLOCK, Outcome.REJECTED),
                Arguments.of(550, "5.7.26 This mail is unauthenticated, which poses a security risk to the sender and "
                        + "Gmail users, and has been blocked. The sender must authenticate with at least one of SPF "
                        + "or DKIM. - gsmtp", BounceReason.POLICY_BLOCK, Outcome.REJECTED),
                Arguments.of(550, "5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from "
                        + "this list please visit https://sender.office.com/", BounceReason.POLICY_BLOCK,
                        Outcome.REJECTED),
                Arguments.of(554, "Message not allowed - [PH01] Email not accepted for policy reasons",
                        BounceReason.POLICY_BLOCK, Outcome.REJECTED),
                Arguments.of(553, "5.1.8 <noreply@mail.acme.test>... Domain of sender address does not exist",
                        BounceReason.POLICY_BLOCK, Outcome.REJECTED),
                // content
                Arguments.of(550, "5.7.1 [192.0.2.10] Our system has detected that this message is likely "
                        + "unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked."
                        + " - gsmtp", BounceReason.CONTENT_REJECTED, Outcome.REJECTED),
                Arguments.of(554, "5.7.1 Message rejected: virus found (Eicar-Test-Signature)",
                        BounceReason.CONTENT_REJECTED, Outcome.REJECTED),
                Arguments.of(552, "5.7.0 This message was blocked because its content presents a potential security "
                        + "issue. - gsmtp", BounceReason.CONTENT_REJECTED, Outcome.REJECTED),
                // too big
                Arguments.of(552, "5.3.4 Message size exceeds fixed limit", BounceReason.MESSAGE_TOO_BIG,
                        Outcome.FAILED),
                Arguments.of(552, "5.2.3 Your message exceeded Google's message size limits. - gsmtp",
                        BounceReason.MESSAGE_TOO_BIG, Outcome.FAILED),
                Arguments.of(552, "Message exceeds maximum fixed size", BounceReason.MESSAGE_TOO_BIG, Outcome.FAILED),
                Arguments.of(552, "Requested mail action aborted", BounceReason.MESSAGE_TOO_BIG, Outcome.FAILED),
                // rate limited
                Arguments.of(421, "4.7.28 Our system has detected an unusual rate of unsolicited mail originating from"
                        + " your IP address. - gsmtp", BounceReason.RATE_LIMITED, Outcome.DEFERRED),
                Arguments.of(550, "5.7.28 Our system has detected an unusual rate of unsolicited mail",
                        BounceReason.RATE_LIMITED, Outcome.SOFT_BOUNCE),
                Arguments.of(450, "4.2.1 The user you are trying to contact is receiving mail at a rate that prevents "
                        + "additional messages from being delivered.", BounceReason.RATE_LIMITED, Outcome.DEFERRED),
                Arguments.of(421, "Too many messages from this IP, try again later", BounceReason.RATE_LIMITED,
                        Outcome.DEFERRED),
                // expired
                Arguments.of(0, "5.4.7 delivery expired (message too old)", BounceReason.EXPIRED,
                        Outcome.SOFT_BOUNCE),
                Arguments.of(0, "4.4.7 retry timeout exceeded", BounceReason.EXPIRED, Outcome.DEFERRED),
                // our own format error: never the recipient's fault
                Arguments.of(500, "Line too long", BounceReason.OWN_FORMAT_ERROR, Outcome.FAILED),
                Arguments.of(500, "5.5.2 Syntax error, command unrecognized", BounceReason.OWN_FORMAT_ERROR,
                        Outcome.FAILED),
                Arguments.of(501, "Syntax error in parameters or arguments", BounceReason.OWN_FORMAT_ERROR,
                        Outcome.FAILED),
                Arguments.of(550, "5.5.0 Requested action not taken: mailbox unavailable",
                        BounceReason.OWN_FORMAT_ERROR, Outcome.FAILED),
                Arguments.of(554, "5.6.0 Message headers fail syntax check", BounceReason.OWN_FORMAT_ERROR,
                        Outcome.FAILED),
                Arguments.of(550, "5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds",
                        BounceReason.OWN_FORMAT_ERROR, Outcome.FAILED),
                Arguments.of(550, "5.7.1 Message contains invalid header", BounceReason.OWN_FORMAT_ERROR,
                        Outcome.FAILED),
                Arguments.of(554, "5.3.3 Unrecognized command", BounceReason.OWN_FORMAT_ERROR, Outcome.FAILED),
                Arguments.of(503, "Bad sequence of commands", BounceReason.OWN_FORMAT_ERROR, Outcome.FAILED),
                // network and other
                Arguments.of(451, "4.4.1 No answer from host", BounceReason.NETWORK, Outcome.DEFERRED),
                Arguments.of(0, "connection refused by mx.example.org", BounceReason.NETWORK, Outcome.DEFERRED),
                Arguments.of(554, "5.4.6 Routing loop detected", BounceReason.NETWORK, Outcome.SOFT_BOUNCE),
                Arguments.of(550, "Administrative prohibition", BounceReason.OTHER, Outcome.SOFT_BOUNCE),
                Arguments.of(250, "2.0.0 OK 1700000000 a1-20020a05", BounceReason.OTHER, Outcome.DELIVERED));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("replies")
    void aReplyIsReadForItsReasonAndOutcome(int code, String text, BounceReason reason, Outcome outcome) {
        ReplyClassifier.Verdict v = ReplyClassifier.classify(code, text);
        assertThat(v.reason()).as("reason").isEqualTo(reason);
        assertThat(v.outcome()).as("outcome").isEqualTo(outcome);
        assertThat(BounceReason.classify(code, text)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void onlyAddressReasonsBlocklist(int code, String text, BounceReason reason, Outcome outcome) {
        assertThat(outcome == Outcome.HARD_BOUNCE).isEqualTo(reason.blocklists() && outcome != Outcome.DEFERRED
                && outcome != Outcome.DELIVERED);
    }

    @org.junit.jupiter.api.Test
    void anIpAddressIsNotReadAsAnEnhancedCode() {
        ReplyClassifier.Verdict v = ReplyClassifier.classify(550, "rejected: 4.4.4.4 is listed at bl.example");
        assertThat(v.enhancedCode()).isEmpty();
        assertThat(v.reason()).isEqualTo(BounceReason.POLICY_BLOCK);
        assertThat(ReplyClassifier.classify(0, "smtp; 550-5.1.1 gone").enhancedCode()).contains("5.1.1");
    }
}
