package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.testing.SesExtension;
import dev.ses.core.testing.SesFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A refusal of ses's own message never counts against the recipient; a refused address does. */
@ExtendWith(SesExtension.class)
class OwnRefusalTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "500|Line too long",
        "500|5.5.2 Syntax error, line too long",
        "501|Syntax error in parameters or arguments",
        "554|5.6.0 Message headers fail syntax check",
        "552|5.3.4 Message size exceeds fixed limit",
        "552|Message size exceeds fixed maximum message size",
        "550|5.5.0 Requested action not taken"})
    void aRefusalOfTheMessageItselfFailsItAndNeverBlocklists(int code, String text, SesFixture f) {
        f.simulator().rule("ann@acme.test").reply(code, text);
        String id = f.account().send(f.message(f.textTemplate("x"), "x").to("ann@acme.test").build()).messageId();
        f.runDueWork();
        DeliveryStatus s = f.account().deliveries().byMessage(id).get(0);
        assertThat(s.state()).isEqualTo(MessageState.FAILED);
        assertThat(s.bounceType()).isEmpty();
        assertThat(s.reply()).hasValueSatisfying(r -> assertThat(r).contains(text));
        assertThat(f.account().blocklist().isBlocked("ann@acme.test")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "550|5.1.1 <ann@acme.test>: Recipient address rejected: User unknown in local recipient table|true",
        "550|5.2.1 The email account that you tried to reach is disabled.|true",
        "550|5.1.2 Host or domain name not found|true",
        "552|5.2.2 Mailbox full|false",
        "554|5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org|false",
        "550|Administrative prohibition|false"})
    void onlyAnAddressReasonBlocklists(int code, String text, boolean blocked, SesFixture f) {
        f.simulator().rule("ann@acme.test").reply(code, text);
        f.account().send(f.message(f.textTemplate("x"), "x").to("ann@acme.test").build());
        f.runDueWork();
        assertThat(f.account().blocklist().isBlocked("ann@acme.test")).isEqualTo(blocked);
    }

    @Test
    void theReasonOfAStoredReplyCanBeRead() {
        assertThat(BounceReason.classify(500, "Line too long")).isEqualTo(BounceReason.OWN_FORMAT_ERROR);
        assertThat(BounceReason.OWN_FORMAT_ERROR.blocklists()).isFalse();
        assertThat(BounceReason.USER_UNKNOWN.blocklists()).isTrue();
    }
}
