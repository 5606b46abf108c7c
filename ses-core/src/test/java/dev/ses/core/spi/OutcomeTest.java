package dev.ses.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomeTest {
    @Test
    void enhancedStatusCodesWinOverTheBasicCode() {
        assertThat(Outcome.classify(250, "2.0.0 OK")).isEqualTo(Outcome.DELIVERED);
        assertThat(Outcome.classify(450, "4.2.1 greylisted")).isEqualTo(Outcome.DEFERRED);
        assertThat(Outcome.classify(421, "4.7.0 slow down")).isEqualTo(Outcome.DEFERRED);
        assertThat(Outcome.classify(550, "5.1.1 user unknown")).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(Outcome.classify(550, "5.1.10 null MX")).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(Outcome.classify(552, "5.2.2 mailbox full")).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(Outcome.classify(550, "5.2.2 over quota")).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(Outcome.classify(554, "5.7.1 spam")).isEqualTo(Outcome.REJECTED);
        assertThat(Outcome.classify(550, "5.7.26 DMARC")).isEqualTo(Outcome.REJECTED);
        assertThat(Outcome.classify(550, "5.4.1 relay access denied")).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(Outcome.classify(500, "5.5.2 Line too long")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.classify(554, "5.6.0 Message headers malformed")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.classify(550, "550 5.1.1 user unknown")).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(Outcome.classify(550, "550-5.7.1 policy")).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void withoutAnEnhancedCodeTheBasicCodeDecides() {
        assertThat(Outcome.classify(250, "ok")).isEqualTo(Outcome.DELIVERED);
        assertThat(Outcome.classify(451, "local error")).isEqualTo(Outcome.DEFERRED);
        assertThat(Outcome.classify(552, "too much mail")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.classify(500, "Line too long")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.classify(501, "Syntax error")).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.classify(550, "no")).isEqualTo(Outcome.SOFT_BOUNCE);
        assertThat(Outcome.classify(550, "no such user")).isEqualTo(Outcome.HARD_BOUNCE);
        assertThat(Outcome.classify(0, "connection reset")).isEqualTo(Outcome.DEFERRED);
    }

    @Test
    void resultsFromARepliesKeepTheCode() {
        RecipientResult r = RecipientResult.fromReply("a@x.test", 550, "5.1.1 unknown");
        assertThat(r.reply()).isEqualTo("550 5.1.1 unknown");
        assertThat(r.outcome()).isEqualTo(Outcome.HARD_BOUNCE);
    }
}
