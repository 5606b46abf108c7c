package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SendRequestTest {
    private static SendRequest.Builder request() {
        return SendRequest.builder().from("noreply@mail.example.test").template(1).subject("Hi");
    }

    @Test
    void aNullRecipientIsNamedWithItsPlace() {
        assertThatThrownBy(() -> request().to("ann@acme.test", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("to[1] is null");
        assertThatThrownBy(() -> request().cc((String) null)).hasMessage("cc[0] is null");
        assertThatThrownBy(() -> request().bcc((String[]) null)).hasMessage("bcc");
        assertThatThrownBy(() -> request().to("ann@acme.test").to(Arrays.asList("bob@acme.test", null)))
                .hasMessage("to[2] is null");
    }

    @Test
    void aBlankSubjectIsRefused() {
        assertThatThrownBy(() -> request().subject(" ").to("ann@acme.test").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not be blank: ' '");
        assertThatThrownBy(() -> TaskRequest.batch("noreply@mail.example.test", 1, 1, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not be blank: ''");
    }
}
