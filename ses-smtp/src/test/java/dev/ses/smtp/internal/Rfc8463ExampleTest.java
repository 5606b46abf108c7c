package dev.ses.smtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.DkimKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.junit.jupiter.api.Test;

/**
 * The signed example of RFC 8463 Appendix A, checked with nothing but the JDK and jDKIM, so it runs on any machine.
 *
 * <p>Both algorithms of the example are deterministic (Ed25519, and RSA with PKCS#1 v1.5 padding), so the RFC's
 * keys and canonical data must give the RFC's exact {@code b=} values: that pins our canonicalization and our
 * signing step to published answers. Our signer cannot write the example's own header (it adds neither {@code i=}
 * nor {@code q=} and signs no header twice), so for the whole path it signs the example message with the RFC's keys
 * and the JDK checks that signature against the RFC's public keys. The canonicalization in {@link #signedData} is
 * ours; the known answers above are what make it trustworthy here.
 */
class Rfc8463ExampleTest {
    /** A.1: the Ed25519 secret key, the 32-byte seed of RFC 8032 section 7.1, test 1. */
    private static final String ED25519_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
    /** A.2: the published Ed25519 key, the raw 32 bytes. */
    private static final String ED25519_PUBLIC = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    /** A.1: the RSA secret key, PKCS#1. */
    private static final String RSA_PRIVATE = String.join("",
            "MIICXQIBAAKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQi",
            "Y/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqM",
            "KrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
            "AoGAH0cxOhFZDgzXWhDhnAJDw5s4roOXN4OhjiXa8W7Y3rhX3FJqmJSPuC8N9vQm",
            "6SVbaLAE4SG5mLMueHlh4KXffEpuLEiNp9Ss3O4YfLiQpbRqE7Tm5SxKjvvQoZZe",
            "zHorimOaChRL2it47iuWxzxSiRMv4c+j70GiWdxXnxe4UoECQQDzJB/0U58W7RZy",
            "6enGVj2kWF732CoWFZWzi1FicudrBFoy63QwcowpoCazKtvZGMNlPWnC7x/6o8Gc",
            "uSe0ga2xAkEA8C7PipPm1/1fTRQvj1o/dDmZp243044ZNyxjg+/OPN0oWCbXIGxy",
            "WvmZbXriOWoSALJTjExEgraHEgnXssuk7QJBALl5ICsYMu6hMxO73gnfNayNgPxd",
            "WFV6Z7ULnKyV7HSVYF0hgYOHjeYe9gaMtiJYoo0zGN+L3AAtNP9huqkWlzECQE1a",
            "licIeVlo1e+qJ6Mgqr0Q7Aa7falZ448ccbSFYEPD6oFxiOl9Y9se9iYHZKKfIcst",
            "o7DUw1/hz2Ck4N5JrgUCQQCyKveNvjzkkd8HjYs0SwM0fPjK16//5qDZ2UiDGnOe",
            "uEzxBDAr518Z8VFbR41in3W4Y3yCDgQlLlcETrS+zYcL");
    /** A.2: the published RSA key, DER SubjectPublicKeyInfo. */
    private static final String RSA_PUBLIC = String.join("",
            "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08",
            "a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR",
            "+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l",
            "/K4w3QIDAQAB");

    /** A.3 without its signatures. */
    private static final String MESSAGE = String.join("\r\n",
            "From: Joe SixPack <joe@football.example.com>",
            "To: Suzie Q <suzie@shopping.example.net>",
            "Subject: Is dinner ready?",
            "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
            "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
            "",
            "Hi.",
            "",
            "We lost the game.  Are you hungry yet?",
            "",
            "Joe.",
            "");
    private static final String ED25519_SIGNATURE = String.join("\r\n",
            "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;",
            " d=football.example.com; i=@football.example.com;",
            " q=dns/txt; s=brisbane; t=1528637909; h=from : to :",
            " subject : date : message-id : from : subject : date;",
            " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
            " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus",
            " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==",
            "");
    private static final String RSA_SIGNATURE = String.join("\r\n",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
            " d=football.example.com; i=@football.example.com;",
            " q=dns/txt; s=test; t=1528637909; h=from : to : subject :",
            " date : message-id : from : subject : date;",
            " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
            " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3",
            " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz",
            " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=",
            "");
    /** A.3 as the RFC prints it: both signatures, then the message. */
    private static final byte[] SIGNED = bytes(ED25519_SIGNATURE + RSA_SIGNATURE + MESSAGE);
    private static final String BODY_HASH = "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";
    private static final Instant TIME = Instant.ofEpochSecond(1528637909);

    private static final byte[] ED25519_OID = {0x06, 0x03, 0x2b, 0x65, 0x70};
    private static final byte[] RSA_ENCRYPTION_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    @Test
    void theBodyHashOfTheExampleIsTheRfcs() throws Exception {
        byte[] message = bytes(MESSAGE);
        byte[] body = DkimSigner.relaxedBody(message, DkimSigner.bodyStart(message));
        assertThat(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)))
                .isEqualTo(BODY_HASH);
    }

    @Test
    void theRfcsEd25519SignatureVerifiesWithTheJdk() throws Exception {
        assertThat(verifies(SIGNED, 0, ed25519PublicKey())).isTrue();
        assertThat(verifies(bytes(ED25519_SIGNATURE + MESSAGE.replace("hungry", "angry")), 0, ed25519PublicKey()))
                .isFalse();
        assertThat(verifies(bytes(ED25519_SIGNATURE + MESSAGE.replace("dinner", "lunch")), 0, ed25519PublicKey()))
                .isFalse();
    }

    @Test
    void ourEd25519SigningStepGivesTheRfcsExactSignature() throws Exception {
        byte[] data = signedData(SIGNED, 0);
        assertThat(Base64.getEncoder().encodeToString(
                DkimSigner.signature(DkimKey.ED25519_SHA256, ed25519PrivateKey(), data)))
                .isEqualTo(tags(signatureField(SIGNED, 0)).get("b"));
    }

    @Test
    void theRfcsRsaSignatureVerifiesWithJdkimAndTheJdk() throws Exception {
        List<SignatureRecord> records = jdkim("test", RSA_PUBLIC).verify(
                new ByteArrayInputStream(bytes(RSA_SIGNATURE + MESSAGE)));
        assertThat(records).singleElement().satisfies(r -> assertThat(r.getSelector().toString()).isEqualTo("test"));
        assertThat(verifies(SIGNED, 1, rsaPublicKey())).isTrue();
        assertThat(verifies(bytes(RSA_SIGNATURE + MESSAGE.replace("dinner", "lunch")), 0, rsaPublicKey())).isFalse();
    }

    @Test
    void ourRsaSigningStepGivesTheRfcsExactSignature() throws Exception {
        byte[] data = signedData(SIGNED, 1);
        assertThat(Base64.getEncoder().encodeToString(DkimSigner.signature(DkimKey.RSA_SHA256, rsaPrivateKey(), data)))
                .isEqualTo(tags(signatureField(SIGNED, 1)).get("b"));
    }

    @Test
    void ourSignerSignsTheExampleWithTheRfcsEd25519KeySoThatTheJdkVerifiesIt() throws Exception {
        DkimKey key = new DkimKey(1L, "brisbane", DkimKey.ED25519_SHA256, ed25519PrivateKey().getEncoded(),
                ED25519_PUBLIC, true, TIME);
        byte[] signed = new DkimSigner().sign(bytes(MESSAGE), key, "football.example.com", TIME);

        Map<String, String> tags = tags(signatureField(signed, 0));
        assertThat(tags).containsEntry("a", "ed25519-sha256").containsEntry("d", "football.example.com")
                .containsEntry("s", "brisbane").containsEntry("t", "1528637909")
                .containsEntry("h", "from:to:subject:date:message-id").containsEntry("bh", BODY_HASH);
        assertThat(verifies(signed, 0, ed25519PublicKey())).isTrue();
        // Deterministic: the same message, key and time give the same bytes.
        assertThat(new DkimSigner().sign(bytes(MESSAGE), key, "football.example.com", TIME)).isEqualTo(signed);
    }

    @Test
    void ourSignerSignsTheExampleWithTheRfcsRsaKeySoThatJdkimVerifiesIt() throws Exception {
        DkimKey key = new DkimKey(1L, "test", DkimKey.RSA_SHA256, rsaPrivateKey().getEncoded(), RSA_PUBLIC, true,
                TIME);
        byte[] signed = new DkimSigner().sign(bytes(MESSAGE), key, "football.example.com", TIME);

        assertThat(tags(signatureField(signed, 0))).containsEntry("bh", BODY_HASH);
        assertThat(jdkim("test", RSA_PUBLIC).verify(new ByteArrayInputStream(signed))).hasSize(1);
        assertThat(verifies(signed, 0, rsaPublicKey())).isTrue();
    }

    /**
     * Verifies the {@code index}-th DKIM-Signature field of a message: the body hash, then the signature with the
     * JDK's {@code Ed25519} (over the SHA-256 of the data, RFC 8463 section 3) or {@code SHA256withRSA}.
     */
    private static boolean verifies(byte[] message, int index, PublicKey key) throws GeneralSecurityException {
        Map<String, String> tags = tags(signatureField(message, index));
        assertThat(tags).containsEntry("c", "relaxed/relaxed");
        byte[] body = DkimSigner.relaxedBody(message, DkimSigner.bodyStart(message));
        String bodyHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        if (!bodyHash.equals(tags.get("bh"))) {
            return false;
        }
        byte[] data = signedData(message, index);
        Signature verifier;
        if ("ed25519-sha256".equals(tags.get("a"))) {
            verifier = Signature.getInstance("Ed25519");
            data = MessageDigest.getInstance("SHA-256").digest(data);
        } else {
            assertThat(tags).containsEntry("a", "rsa-sha256");
            verifier = Signature.getInstance("SHA256withRSA");
        }
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(Base64.getDecoder().decode(tags.get("b")));
    }

    /**
     * The data a DKIM signature covers (RFC 6376 3.7 with relaxed header canonicalization): the fields named in
     * {@code h=}, each taking the lowest instance not yet used (a name with no instance left adds nothing, which is
     * how the example's second {@code from} protects against an added From), then the signature field itself with
     * the value of {@code b=} emptied and no final CRLF.
     */
    private static byte[] signedData(byte[] message, int index) {
        List<String> fields = headerFields(message);
        String signature = signatureField(message, index);
        StringBuilder data = new StringBuilder();
        Map<String, Integer> searchBelow = new HashMap<>();
        for (String name : tags(signature).get("h").toLowerCase(Locale.ROOT).split(":")) {
            int i = searchBelow.getOrDefault(name, fields.size()) - 1;
            while (i >= 0 && !name(fields.get(i)).equalsIgnoreCase(name)) {
                i--;
            }
            if (i >= 0) {
                data.append(DkimSigner.relaxedHeader(fields.get(i))).append("\r\n");
            }
            searchBelow.put(name, Math.max(i, 0));
        }
        data.append(DkimSigner.relaxedHeader(B_VALUE.matcher(signature).replaceFirst("$1")));
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final Pattern B_VALUE = Pattern.compile("([;:][ \t\r\n]*b[ \t\r\n]*=)[^;]*");

    private static List<String> headerFields(byte[] message) {
        int bodyStart = DkimSigner.bodyStart(message);
        return DkimSigner.headerFields(message, bodyStart < 0 ? message.length : bodyStart);
    }

    private static String signatureField(byte[] message, int index) {
        return headerFields(message).stream().filter(f -> name(f).equalsIgnoreCase("DKIM-Signature"))
                .skip(index).findFirst().orElseThrow();
    }

    private static String name(String field) {
        return field.substring(0, field.indexOf(':')).strip();
    }

    /** The tags of a DKIM-Signature field, with all white space taken out of their values. */
    private static Map<String, String> tags(String field) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : field.substring(field.indexOf(':') + 1).split(";")) {
            if (!spec.isBlank()) {
                int eq = spec.indexOf('=');
                tags.put(spec.substring(0, eq).strip(), spec.substring(eq + 1).replaceAll("[ \t\r\n]+", ""));
            }
        }
        return tags;
    }

    private static DKIMVerifier jdkim(String selector, String publicKey) {
        return new DKIMVerifier((method, s, domain) -> {
            assertThat(s.toString()).isEqualTo(selector);
            assertThat(domain.toString()).isEqualTo("football.example.com");
            return List.of("v=DKIM1; k=rsa; p=" + publicKey);
        });
    }

    private static PrivateKey ed25519PrivateKey() throws GeneralSecurityException {
        byte[] pkcs8 = der(0x30, VERSION_0, der(0x30, ED25519_OID),
                der(0x04, der(0x04, Base64.getDecoder().decode(ED25519_SEED))));
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static PublicKey ed25519PublicKey() throws GeneralSecurityException {
        byte[] raw = Base64.getDecoder().decode(ED25519_PUBLIC);
        byte[] bits = new byte[raw.length + 1];
        System.arraycopy(raw, 0, bits, 1, raw.length);
        byte[] spki = der(0x30, der(0x30, ED25519_OID), der(0x03, bits));
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static PrivateKey rsaPrivateKey() throws GeneralSecurityException {
        byte[] pkcs8 = der(0x30, VERSION_0, der(0x30, RSA_ENCRYPTION_OID, DER_NULL),
                der(0x04, Base64.getDecoder().decode(RSA_PRIVATE)));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static PublicKey rsaPublicKey() throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(RSA_PUBLIC)));
    }

    /** One DER element: the tag, the definite length, the parts. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
