package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's idle poll: how long an idle worker waits at most before it looks for unannounced work. */
class IdlePollTest {
    @Test
    void theIdlePollIsCheckedWhenItIsSet() {
        assertThatThrownBy(() -> Ses.builder().idlePoll(Duration.ofMillis(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idlePoll must be between 10 milliseconds and 1 hour: PT0.009S");
        assertThatThrownBy(() -> Ses.builder().idlePoll(Duration.ofMinutes(61)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idlePoll must be between 10 milliseconds and 1 hour: PT1H1M");
    }
}
