package dev.ses.core.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictDecodingReaderTest {
    private static String readAll(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[1000];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return text.toString();
    }

    @Test
    void decodesCharactersThatStraddleTheByteBuffer() throws IOException {
        // 8,191 ASCII bytes put the three bytes of the first CJK character across the 8,192-byte buffer's edge.
        String text = "a".repeat(8_191) + "张伟 🎉".repeat(1_000);
        Reader reader = new StrictDecodingReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(readAll(reader)).isEqualTo(text);
    }

    @Test
    void handsOutTheTextBeforeABadByteThenFails() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("good text\n".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9);
        bytes.write("after".getBytes(StandardCharsets.UTF_8));
        Reader reader = new StrictDecodingReader(new ByteArrayInputStream(bytes.toByteArray()), StandardCharsets.UTF_8);
        char[] buffer = new char[100];

        int n = reader.read(buffer);

        assertThat(new String(buffer, 0, n)).isEqualTo("good text\n");
        assertThatThrownBy(() -> reader.read(buffer)).isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> reader.read(buffer)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void aTruncatedCharacterAtTheEndFails() {
        byte[] bytes = {'a', (byte) 0xE5, (byte) 0xBC};
        Reader reader = new StrictDecodingReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> readAll(reader)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void anEmptyStreamIsAtItsEnd() throws IOException {
        Reader reader = new StrictDecodingReader(new ByteArrayInputStream(new byte[0]), StandardCharsets.UTF_8);

        assertThat(reader.read(new char[10])).isEqualTo(-1);
    }
}
