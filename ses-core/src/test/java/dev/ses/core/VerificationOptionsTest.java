package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerificationOptionsTest {
    @Test
    void defaultsRequireSpfAndDkimAndFollowTheDocumentedSchedule() {
        VerificationOptions o = VerificationOptions.defaults();

        assertThat(o.spfRequired()).isTrue();
        assertThat(o.dkimRequired()).isTrue();
        assertThat(o.dmarcRequired()).isFalse();
        assertThat(o.mxRequired()).isFalse();
        assertThat(o.pendingFastInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.pendingFastPhase()).isEqualTo(Duration.ofHours(2));
        assertThat(o.pendingSlowInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(o.pendingSlowPhase()).isEqualTo(Duration.ofDays(3));
        assertThat(o.pendingWindow()).isEqualTo(Duration.ofHours(74));
        assertThat(o.verifiedInterval()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void copiesChangeOneThing() {
        VerificationOptions o = VerificationOptions.defaults();

        assertThat(o.withDmarcRequired(true).dmarcRequired()).isTrue();
        assertThat(o.withMxRequired(true).mxRequired()).isTrue();
        assertThat(o.withSpfRequired(false).spfRequired()).isFalse();
        assertThat(o.withDkimRequired(false).dkimRequired()).isFalse();
        assertThat(o.withVerifiedInterval(Duration.ofHours(6)).verifiedInterval()).isEqualTo(Duration.ofHours(6));
        VerificationOptions fast = o.withPendingFastSchedule(Duration.ofMinutes(1), Duration.ofMinutes(30));
        assertThat(fast.pendingFastInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(fast.pendingFastPhase()).isEqualTo(Duration.ofMinutes(30));
        assertThat(fast.withDmarcRequired(true).pendingFastInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.withPendingSlowSchedule(Duration.ofHours(2), Duration.ZERO).pendingWindow())
                .isEqualTo(Duration.ofHours(2));
        assertThat(o.withDmarcRequired(true)).isNotEqualTo(o);
    }

    @Test
    void badValuesAreRefusedNamingFieldAndValue() {
        VerificationOptions o = VerificationOptions.defaults();

        assertThatThrownBy(() -> o.withPendingFastSchedule(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pendingFastInterval must be positive: PT0S");
        assertThatThrownBy(() -> o.withPendingSlowSchedule(Duration.ofHours(1), Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pendingSlowPhase must not be negative: PT-1H");
        assertThatThrownBy(() -> o.withVerifiedInterval(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verifiedInterval must be positive: PT-5S");
        assertThatThrownBy(() -> o.withVerifiedInterval(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("verifiedInterval");
    }
}
