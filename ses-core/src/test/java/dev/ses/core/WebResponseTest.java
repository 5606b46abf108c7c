package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A response's body held or streamed, for a host that streams and for one that only reads the bytes. */
class WebResponseTest {
    @Test
    void aStreamedResponseStreamsOrFillsItsBodyForAHostThatDoesNotStream() throws Exception {
        WebResponse r = WebResponse.streaming(200, Map.of("Content-Type", "text/csv"),
                out -> out.write("a,b\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.streamed()).isTrue();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).as("written again for each call").isEqualTo("a,b\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.withHeader("X-A", "1").writeBody(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a,b\n");
        assertThat(r.withStatus(201).status()).isEqualTo(201);
        assertThat(r.withStatus(201).streamed()).isTrue();
    }

    @Test
    void aHeldBodyIsCopiedAndAHeaderReplacedInAnyCase() throws Exception {
        byte[] bytes = "hi".getBytes(StandardCharsets.UTF_8);
        WebResponse held = new WebResponse(200, Map.of("Content-Type", "text/plain"), bytes);
        bytes[0] = 'X';
        assertThat(held.streamed()).isFalse();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        held.writeBody(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi");
        WebResponse replaced = held.withHeader("content-type", "text/csv");
        assertThat(replaced.headers()).containsExactly(Map.entry("content-type", "text/csv"));
        assertThat(replaced.header("Content-Type")).hasValue("text/csv");
    }
}
