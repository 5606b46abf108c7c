package dev.ses.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReturnPathsTest {
    private final ReturnPaths paths = new ReturnPaths("a key of at least sixteen bytes".getBytes(StandardCharsets.UTF_8));
    private final MessageToken token = MessageToken.single("3f2a9c0d1e", 42);

    @Test
    void aSignedReturnPathChecksAndGivesItsToken() {
        String rp = paths.returnPath(token, "mail.acme.test");
        assertThat(rp).matches("bounce\\+3f2a9c0d1e\\.42=[0-9a-f]{16}@mail\\.acme\\.test");
        ReturnPaths.Check c = paths.check("<" + rp.toUpperCase(java.util.Locale.ROOT).replace("BOUNCE+3F2A9C0D1E",
                "bounce+3f2a9c0d1e") + ">");
        assertThat(c.verdict()).isEqualTo(ReturnPaths.Verdict.SIGNED);
        assertThat(c.token()).contains(token);
    }

    @Test
    void anAlteredTokenSignatureOrDomainIsForged() {
        String rp = paths.returnPath(token, "mail.acme.test");
        assertThat(paths.check(rp.replace(".42=", ".43=")).verdict()).isEqualTo(ReturnPaths.Verdict.FORGED);
        assertThat(paths.check(rp.replace("@mail.acme.test", "@mail.other.test")).verdict())
                .isEqualTo(ReturnPaths.Verdict.FORGED);
        assertThat(paths.check(rp.substring(0, rp.indexOf('=') + 1) + "0000000000000000@mail.acme.test")
                .verdict()).isEqualTo(ReturnPaths.Verdict.FORGED);
        assertThat(paths.check("bounce+3f2a9c0d1e.42@mail.acme.test").verdict())
                .isEqualTo(ReturnPaths.Verdict.FORGED);
        ReturnPaths other = new ReturnPaths("another key, also sixteen bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(other.check(rp).verdict()).isEqualTo(ReturnPaths.Verdict.FORGED);
    }

    @Test
    void otherAddressesAreNotReturnPaths() {
        assertThat(paths.check("postmaster@mail.acme.test")).isEqualTo(new ReturnPaths.Check(
                ReturnPaths.Verdict.NONE, Optional.empty()));
        assertThat(paths.check("not an address").verdict()).isEqualTo(ReturnPaths.Verdict.NONE);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new ReturnPaths(new byte[8])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("returnPathKey");
    }
}
