package dev.ses.core.internal.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ses.core.spi.TrackingKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackingTokensTest {
    private static final TrackingKey K1 = key("k1", 1);
    private static final TrackingKey K2 = key("k2", 2);

    private static TrackingKey key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new TrackingKey(id, secret, Instant.EPOCH);
    }

    @Test
    void aTokenIsCompactUrlSafeAndNamesItsRowRecipientAndLink() {
        TrackingTokens tokens = new TrackingTokens(List.of(K1), "k1");
        String token = tokens.sign(TrackingTokens.Kind.CLICK, 123_456_789L, "Ann@Acme.test", 7);

        assertThat(token).matches("k1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}").hasSizeLessThan(50);
        TrackingTokens.Claim claim = tokens.verify(token).orElseThrow();
        assertThat(claim.kind()).isEqualTo(TrackingTokens.Kind.CLICK);
        assertThat(claim.rowId()).isEqualTo(123_456_789L);
        assertThat(claim.link()).isEqualTo(7);
        assertThat(claim.names("ann@acme.test")).isTrue();
        assertThat(claim.names("bob@acme.test")).isFalse();
        assertThat(tokens.verify(tokens.sign(TrackingTokens.Kind.OPEN, Long.MAX_VALUE, "a@b.test", 0))
                .orElseThrow().rowId()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void everyChangedTruncatedOrForeignTokenIsRefused() {
        TrackingTokens tokens = new TrackingTokens(List.of(K1), "k1");
        String token = tokens.sign(TrackingTokens.Kind.UNSUBSCRIBE, 42, "ann@acme.test", 0);
        byte[] chars = token.getBytes(StandardCharsets.US_ASCII);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < chars.length; i++) {
            for (char c : new char[] {alphabet.charAt(i % alphabet.length()), 'Q', '.'}) {
                if (chars[i] == c) {
                    continue;
                }
                byte[] changed = chars.clone();
                changed[i] = (byte) c;
                assertThat(tokens.verify(new String(changed, StandardCharsets.US_ASCII))).as("position %d", i)
                        .isEmpty();
            }
        }
        String alternatives = alphabet.substring(0, 64);
        for (int position : new int[] {token.length() - 1, token.lastIndexOf('.') - 1}) {
            for (char c : alternatives.toCharArray()) {
                String changed = token.substring(0, position) + c + token.substring(position + 1);
                assertThat(tokens.verify(changed).isPresent()).as("%s at %d", c, position)
                        .isEqualTo(changed.equals(token));
            }
        }
        for (int n = 0; n < token.length(); n++) {
            assertThat(tokens.verify(token.substring(0, n))).isEmpty();
        }
        assertThat(tokens.verify(token + "A")).isEmpty();
        TrackingTokens foreign = new TrackingTokens(List.of(key("k1", 9)), "k1");
        assertThat(foreign.verify(token)).as("same id, another secret").isEmpty();
        assertThat(tokens.verify("x".repeat(500))).isEmpty();
    }

    @Test
    void aRotatedKeySignsWhileOldOnesStillVerify() {
        TrackingTokens before = new TrackingTokens(List.of(K1), "k1");
        String old = before.sign(TrackingTokens.Kind.OPEN, 5, "ann@acme.test", 0);
        TrackingTokens after = new TrackingTokens(List.of(K1, K2), "k2");

        assertThat(after.verify(old)).isPresent();
        assertThat(after.sign(TrackingTokens.Kind.OPEN, 5, "ann@acme.test", 0)).startsWith("k2.");
        assertThat(new TrackingTokens(List.of(K2), "k2").verify(old)).as("k1 retired").isEmpty();
        assertThatThrownBy(() -> new TrackingTokens(List.of(K1), "k2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k2");
        assertThatThrownBy(() -> new TrackingKey("k-1", new byte[32], Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k-1");
        assertThatThrownBy(() -> new TrackingKey("k3", new byte[31], Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }
    @Test
    void aCopyTokenIsSignedOnceAndItsLinksIndexStandsOutsideTheSignature() {
        TrackingTokens tokens = new TrackingTokens(List.of(K1), "k1");
        String set = TrackingTokens.linkSetId(List.of("https://a.example/", "https://b.example/"));
        String copy = tokens.signer(77, "Ann@Acme.test").copy(set);

        assertThat(copy).matches("k1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}").hasSizeLessThan(70);
        TrackingTokens.Claim pixel = tokens.verify(copy).orElseThrow();
        assertThat(pixel.kind()).isEqualTo(TrackingTokens.Kind.COPY);
        assertThat(pixel.rowId()).isEqualTo(77);
        assertThat(pixel.linkSet()).contains(set);
        assertThat(pixel.linkGiven()).isFalse();
        assertThat(pixel.names("ann@acme.test")).isTrue();
        for (int link : new int[] {0, 1, 9, 45, 99_999}) {
            TrackingTokens.Claim click = tokens.verify(copy + "." + link).orElseThrow();
            assertThat(click.link()).isEqualTo(link);
            assertThat(click.linkGiven()).isTrue();
            assertThat(click.linkSet()).contains(set);
        }
        for (String index : new String[] {"", "01", "-1", "1a", "100000", "1.2", " 1"}) {
            assertThat(tokens.verify(copy + "." + index)).as("index '%s'", index).isEmpty();
        }
        String old = tokens.sign(TrackingTokens.Kind.CLICK, 77, "ann@acme.test", 1);
        assertThat(tokens.verify(old + ".1")).as("only a copy token takes an index").isEmpty();
        String changed = copy.substring(0, copy.length() - 1) + (copy.endsWith("A") ? "B" : "A");
        assertThat(tokens.verify(changed + ".1")).isEmpty();
        assertThat(tokens.verify(copy.substring(0, 3) + "A" + copy.substring(4) + ".1")).isEmpty();
        assertThatThrownBy(() -> tokens.sign(TrackingTokens.Kind.COPY, 1, "a@b.test", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLinkSetIdNamesTheLinksInTheirOrder() {
        String ab = TrackingTokens.linkSetId(List.of("https://a.example/", "https://b.example/"));
        assertThat(ab).matches("[A-Za-z0-9_-]{22}")
                .isEqualTo(TrackingTokens.linkSetId(List.of("https://a.example/", "https://b.example/")))
                .isNotEqualTo(TrackingTokens.linkSetId(List.of("https://b.example/", "https://a.example/")))
                .isNotEqualTo(TrackingTokens.linkSetId(List.of("https://a.example/")));
        assertThat(TrackingTokens.linkSetId(List.of("ab", "c"))).as("lengths keep the links apart")
                .isNotEqualTo(TrackingTokens.linkSetId(List.of("a", "bc")));
    }
}
