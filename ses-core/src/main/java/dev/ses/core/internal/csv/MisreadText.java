package dev.ses.core.internal.csv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tells text that was decoded in the wrong encoding, for a file handed over as a {@link java.io.Reader} that someone
 * else decoded: bytes decoded as bytes are checked strictly already ({@link StrictDecodingReader}).
 *
 * <p>Two signs, both near-certain: {@code U+FFFD}, the replacement character a lenient decoder puts where bytes were
 * not valid (a Windows-1252 file read as UTF-8), and UTF-8 read as Windows-1252 or Latin-1 (a {@code FileReader}
 * with Java 17's default charset on Windows), which turns {@code é} into {@code Ã©}: the text encodes back to bytes
 * in that charset, and those bytes are valid UTF-8 that reads differently. Text that happens to do so is not found
 * in names and addresses. Thread-safe.
 */
final class MisreadText {
    /** The words of a refusal for replacement characters, so a reader of the report knows it at once. */
    static final String NOT_TEXT = "is not valid text — was the file saved in another encoding?";
    /** The words of a refusal for UTF-8 read in another charset. */
    static final String MISREAD = "is not valid text — was the file read in another encoding?";
    /** A UTF-8 byte order mark read as Windows-1252 or Latin-1. */
    static final String MISREAD_BOM = "ï»¿";

    private static final List<Charset> SINGLE_BYTE = List.of(Charset.forName("windows-1252"),
            StandardCharsets.ISO_8859_1);

    private MisreadText() {
    }

    /**
     * What is wrong with a value's text: the end of a sentence that starts with the value, or null when nothing is.
     */
    static @Nullable String problem(String value) {
        if (value.indexOf('\uFFFD') >= 0) {
            return NOT_TEXT;
        }
        Optional<String> utf8 = asUtf8(value);
        return utf8.map(text -> MISREAD + " Read as UTF-8 it says " + RecipientCsvReader.show(text)).orElse(null);
    }

    /** The text a value would be if it is UTF-8 that was read as a single-byte charset. */
    private static Optional<String> asUtf8(String value) {
        if (value.chars().allMatch(c -> c < 0x80)) {
            return Optional.empty();
        }
        for (Charset charset : SINGLE_BYTE) {
            ByteBuffer bytes;
            try {
                bytes = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(value));
            } catch (CharacterCodingException e) {
                continue;
            }
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
