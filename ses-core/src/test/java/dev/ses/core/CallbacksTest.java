package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.ses.core.spi.HostResolver;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callbacks through the facade against a real HTTP server on 127.0.0.1, on the in-memory store; the JDBC module runs
 * the same tests on H2 and PostgreSQL by overriding {@link #newStore()}.
 */
public class CallbacksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    protected SesFixture f;
    protected Store store;
    protected CallbackReceiver receiver = CallbackReceiver.start();
    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    private final HostResolver resolver = host -> {
        List<InetAddress> found = dns.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        return found;
    };

    /** A new, empty store for one test. */
    protected Store newStore() {
        return new InMemoryStore();
    }

    /** The policy of these tests: the receiver's port, loopback allowed, names resolved by the test. */
    protected CallbackPolicy policy() {
        return CallbackPolicy.defaults().withPorts(Set.of(receiver.port())).withLoopbackAllowed(true)
                .withResolver(resolver);
    }

    protected SesFixture fixture(UnaryOperator<CallbackPolicy> adjust) {
        store = newStore();
        f = SesFixture.create(store, b -> b.callbacks(adjust.apply(policy())));
        return f;
    }

    protected SesFixture fixture() {
        return fixture(p -> p);
    }

    @AfterEach
    void close() {
        receiver.close();
        if (f != null) {
            f.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void send(String to) {
        long tpl = f.textTemplate("Hello {{name}}");
        f.account().send(f.message(tpl, "Hi {{name}}").to(to).variable("name", "Ann").build());
    }

    // --- addresses ---

    @Test
    void urlsAreCheckedAtTheDoorNamingTheUrlAndTheRule() {
        store = newStore();
        dns.put("hooks.example.com", List.of(ip("93.184.216.34")));
        dns.put("inside.example.com", List.of(ip("93.184.216.34"), ip("10.1.2.3")));
        dns.put("loop.example.com", List.of(ip("127.0.0.1")));
        f = SesFixture.create(store, b -> b.callbacks(CallbackPolicy.defaults().withResolver(resolver)));
        Callbacks callbacks = f.account().callbacks();
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("/relative", "absolute");
        refused.put("ftp://hooks.example.com:8080/x", "scheme must be http or https");
        refused.put("http://user:pw@hooks.example.com:8080/x", "user name or password");
        refused.put("http://hooks.example.com:8080/x#frag", "fragment");
        refused.put("http://hooks.example.com:9999/x", "port 9999 is not allowed");
        refused.put("http://hooks.example.com/x", "port 80 is not allowed");
        refused.put("http://127.0.0.1:8080/x", "127.0.0.1, a loopback address");
        refused.put("http://[::1]:8080/x", "a loopback address");
        refused.put("http://10.0.0.7:8080/x", "10.0.0.7, a private address");
        refused.put("http://192.168.1.1:8081/x", "a private address");
        refused.put("http://169.254.169.254:8080/latest", "a link-local address");
        refused.put("http://224.0.0.1:8080/x", "a multicast address");
        refused.put("http://0.0.0.0:8080/x", "the wildcard address");
        refused.put("http://[fd00::1]:8080/x", "a private address");
        refused.put("http://inside.example.com:8080/x", "resolves to 10.1.2.3, a private address");
        refused.put("http://loop.example.com:8082/x", "resolves to 127.0.0.1, a loopback address");
        refused.put("http://:8080/x", "host");
        refused.put("not a url", "not a valid URL");
        refused.forEach((url, rule) -> assertThatThrownBy(() -> callbacks.setAccountAddress(url))
                .as(url).isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CALLBACK))
                .hasMessageContaining(rule).hasMessageContaining(url.length() > 100 ? "" : url));
        assertThat(callbacks.list()).isEmpty();

        CallbackAddress ok = callbacks.setAccountAddress("http://hooks.example.com:8080/ses");
        assertThat(ok.url()).isEqualTo("http://hooks.example.com:8080/ses");
        assertThat(ok.events()).isEqualTo(EnumSet.allOf(CallbackEvent.class));
        assertThat(ok.secret()).startsWith("whsec_");
        assertThat(ok.toString()).doesNotContain(ok.secret());
        // A name that does not resolve yet is accepted: its records may come later.
        assertThat(callbacks.setAccountAddress("https://later.example.com:8081/ses").url())
                .isEqualTo("https://later.example.com:8081/ses");
    }

    @Test
    void thePortPolicyIsReplaceable() {
        store = newStore();
        dns.put("hooks.example.com", List.of(ip("93.184.216.34")));
        f = SesFixture.create(store, b -> b.callbacks(CallbackPolicy.defaults().withResolver(resolver)
                .withPorts(Set.of(443))));
        assertThat(f.account().callbacks().setAccountAddress("https://hooks.example.com/ses").url())
                .isEqualTo("https://hooks.example.com/ses");
        assertThatThrownBy(() -> f.account().callbacks().setAccountAddress("https://hooks.example.com:8080/ses"))
                .hasMessageContaining("port 8080 is not allowed (allowed: [443])");
        assertThatThrownBy(() -> CallbackPolicy.defaults().withPorts(Set.of(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ports");
    }

    @Test
    void addressesAreSetReadListedAndDeletedPerAccountAndSenderAddress() {
        fixture();
        Callbacks callbacks = f.account().callbacks();
        assertThat(callbacks.accountAddress()).isEmpty();
        CallbackAddress account = callbacks.setAccountAddress(receiver.url("/account"));
        CallbackAddress sender = callbacks.setSenderAddress(SesFixture.SENDER, receiver.url("/sender"),
                EnumSet.of(CallbackEvent.DELIVERED));
        assertThat(sender.senderAddress()).contains(SesFixture.SENDER);
        assertThat(callbacks.list()).extracting(CallbackAddress::id).containsExactly(account.id(), sender.id());
        assertThat(callbacks.get(sender.id()).events()).containsExactly(CallbackEvent.DELIVERED);

        CallbackAddress moved = callbacks.setAccountAddress(receiver.url("/moved"));
        assertThat(moved.id()).isEqualTo(account.id());
        assertThat(moved.secret()).isEqualTo(account.secret());
        assertThat(callbacks.accountAddress()).map(CallbackAddress::url).contains(receiver.url("/moved"));

        assertThatThrownBy(() -> callbacks.setSenderAddress("nobody@mail.example.test", receiver.url("/x")))
                .isInstanceOfSatisfying(SesException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> callbacks.setAccountAddress(receiver.url("/x"), Set.of()))
                .isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(f.ses().account("other").callbacks().list()).isEmpty();
        assertThatThrownBy(() -> f.ses().account("other").callbacks().get(account.id()))
                .isInstanceOfSatisfying(SesException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        assertThat(callbacks.deleteSenderAddress(SesFixture.SENDER)).isTrue();
        assertThat(callbacks.deleteSenderAddress(SesFixture.SENDER)).isFalse();
        assertThat(callbacks.deleteAccountAddress()).isTrue();
        assertThat(callbacks.list()).isEmpty();
    }

    @Test
    void theSenderAddressOneTakesItsSendersEventsAndTheAccountOneTheOthers() {
        fixture();
        f.account().addresses().create(SesFixture.DOMAIN, "news", "News");
        f.account().callbacks().setAccountAddress(receiver.url("/account"));
        f.account().callbacks().setSenderAddress("news@" + SesFixture.DOMAIN, receiver.url("/news"));
        long tpl = f.textTemplate("Hello");
        f.account().send(f.message(tpl, "plain").to("ann@example.org").build());
        f.account().send(SendRequest.builder().from("news@" + SesFixture.DOMAIN).template(tpl).subject("news")
                .to("bob@example.org").build());
        f.runDueWork();

        assertThat(receiver.received("/account")).extracting(r -> json(r).get("email").asText())
                .containsExactly("ann@example.org");
        assertThat(receiver.received("/news")).extracting(r -> json(r).get("email").asText())
                .containsExactly("bob@example.org");
    }

    @Test
    void onlyTheChosenEventsArePostedAndNothingFromBeforeTheAddressWasSet() {
        fixture();
        f.simulator().rule("early@example.org").deliver();
        send("early@example.org");
        f.runDueWork();
        f.account().callbacks().setAccountAddress(receiver.url("/hooks"), EnumSet.of(CallbackEvent.BOUNCE));
        f.clock().advance(Duration.ofSeconds(1));
        f.simulator().rule("ann@example.org").deliver();
        f.simulator().rule("bob@example.org").hardBounce();
        send("ann@example.org");
        send("bob@example.org");
        f.runDueWork();

        assertThat(receiver.received()).hasSize(1);
        JsonNode bounce = json(receiver.received().get(0));
        assertThat(bounce.get("event").asText()).isEqualTo("bounce");
        assertThat(bounce.get("eventid").asInt()).isEqualTo(3);
        assertThat(bounce.get("email").asText()).isEqualTo("bob@example.org");
        assertThat(bounce.get("bounceType").asText()).isEqualTo("hard_bounce");
        assertThat(bounce.get("reason").asText()).startsWith("5");
    }

    @Test
    void thePayloadIsTheServicesJson() {
        fixture();
        f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        f.simulator().rule("ann@example.org").deliver();
        long tpl = f.textTemplate("Hello {{name}}");
        SendReceipt receipt = f.account().send(f.message(tpl, "Hi {{name}}").to("ann@example.org")
                .variable("name", "Ann").build());
        f.runDueWork();

        CallbackReceiver.Received r = receiver.received().get(0);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode body = json(r);
        assertThat(body.get("event").asText()).isEqualTo("delivered");
        assertThat(body.get("eventid").asInt()).isEqualTo(1);
        assertThat(body.get("email").asText()).isEqualTo("ann@example.org");
        assertThat(body.get("bulkId").asText()).isEqualTo(receipt.messageId());
        assertThat(body.get("messageId").asText()).isEqualTo(f.simulator().mailbox("ann@example.org").get(0)
                .messageId());
        assertThat(body.get("templateId").asLong()).isEqualTo(tpl);
        assertThat(body.get("taskId").asLong()).isZero();
        assertThat(body.get("timestamp").asLong()).isEqualTo(f.clock().instant().getEpochSecond());
        assertThat(body.get("sentTimestamp").asLong()).isEqualTo(f.clock().instant().getEpochSecond());
        assertThat(body.get("from").asText()).isEqualTo(SesFixture.SENDER);
        assertThat(body.get("fromDomain").asText()).isEqualTo(SesFixture.DOMAIN);
        assertThat(body.get("subject").asText()).isEqualTo("Hi Ann");
        assertThat(body.get("username").asText()).isEqualTo(SesFixture.ACCOUNT);
        assertThat(body.get("link").asText()).isEmpty();
        assertThat(body.get("useragent").asText()).isEmpty();
        assertThat(body.get("reason").asText()).isNotNull();
        assertThat(body.get("bounceType").asText()).isEmpty();
        assertThat(r.header("webhook-id")).isEqualTo(f.account().callbacks().deliveries(
                f.account().callbacks().accountAddress().orElseThrow().id(), CallbackDeliveryState.DELIVERED, 0, 10)
                .get(0).webhookId());
    }

    // --- signing ---

    @Test
    void theSignatureVerifiesWithTheStandardWebhooksLibraryAndFailsAfterTampering() throws Exception {
        fixture();
        // The verifier reads the system clock and allows 5 minutes: sign at the real time.
        f.clock().set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        send("ann@example.org");
        f.runDueWork();
        CallbackReceiver.Received r = receiver.received().get(0);
        assertThat(r.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
        assertThat(r.header("webhook-timestamp")).isEqualTo(Long.toString(f.clock().instant().getEpochSecond()));

        new Webhook(address.secret()).verify(r.body(), r.headers());
        assertThatThrownBy(() -> new Webhook(address.secret()).verify(r.body().replace("ann@", "eve@"), r.headers()))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
        Map<String, List<String>> otherId = new java.util.HashMap<>(r.headers());
        otherId.put("webhook-id", List.of("evt_999999"));
        assertThatThrownBy(() -> new Webhook(address.secret()).verify(r.body(), otherId))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(com.standardwebhooks.Webhook.SECRET_PREFIX
                + java.util.Base64.getEncoder().encodeToString(new byte[32])).verify(r.body(), r.headers()))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
    }

    @Test
    void aRotatedSecretSignsWithBothKeysDuringItsGrace() throws Exception {
        fixture();
        f.clock().set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        CallbackAddress first = f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        CallbackAddress second = f.account().callbacks().rotateSecret(first.id(), Duration.ofHours(1));
        assertThat(second.secret()).isNotEqualTo(first.secret());
        send("ann@example.org");
        f.runDueWork();
        CallbackReceiver.Received during = receiver.received().get(0);
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        new Webhook(first.secret()).verify(during.body(), during.headers());
        new Webhook(second.secret()).verify(during.body(), during.headers());

        CallbackAddress third = f.account().callbacks().rotateSecret(first.id(), Duration.ZERO);
        send("bob@example.org");
        f.runDueWork();
        CallbackReceiver.Received after = receiver.received().get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        new Webhook(third.secret()).verify(after.body(), after.headers());
        assertThatThrownBy(() -> new Webhook(second.secret()).verify(after.body(), after.headers()))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
        assertThatThrownBy(() -> f.account().callbacks().rotateSecret(first.id(), Duration.ofDays(8)))
                .isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    // --- delivery and retries ---

    @Test
    void failuresAreRetriedOnTheScheduleAndEachEventIsAcknowledgedOnce() {
        fixture();
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        receiver.then(CallbackReceiver.status(500, "down"), CallbackReceiver.status(502, "bad gateway"),
                CallbackReceiver.status(404, "no"));
        f.simulator().rule("ann@example.org").deliver();
        send("ann@example.org");
        f.runDueWork();
        assertThat(receiver.received()).hasSize(1);

        f.advance(Duration.ofSeconds(4));
        assertThat(receiver.received()).as("not before 5 s").hasSize(1);
        f.advance(Duration.ofSeconds(2));
        assertThat(receiver.received()).hasSize(2);
        f.advance(Duration.ofMinutes(4));
        assertThat(receiver.received()).as("not before 5 min").hasSize(2);
        f.advance(Duration.ofMinutes(2));
        assertThat(receiver.received()).hasSize(3);
        f.advance(Duration.ofMinutes(34));
        assertThat(receiver.received()).hasSize(4);
        f.advance(Duration.ofDays(4));
        assertThat(receiver.received()).hasSize(4);
        assertThat(receiver.countsById()).hasSize(1).containsValue(4);

        List<CallbackDelivery> delivered = f.account().callbacks().deliveries(address.id(),
                CallbackDeliveryState.DELIVERED, 0, 10);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).attempts()).extracting(a -> a.status().orElse(0))
                .containsExactly(500, 502, 404, 200);
        assertThat(delivered.get(0).attempts()).extracting(CallbackAttempt::detail)
                .containsExactly("down", "bad gateway", "no", "ok");
        assertThat(delivered.get(0).attempts().get(3).acknowledged()).isTrue();
    }

    @Test
    void retriesOfDeliveriesThatFailedTogetherAreSpreadOverATenthOfTheDelay() {
        fixture();
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        CallbackReceiver.Answer[] failures = new CallbackReceiver.Answer[12];
        java.util.Arrays.fill(failures, CallbackReceiver.status(500, "down"));
        receiver.then(failures);
        for (int i = 0; i < 12; i++) {
            f.simulator().rule("r" + i + "@example.org").deliver();
            send("r" + i + "@example.org");
        }
        java.time.Instant failedAt = f.clock().instant();
        f.runDueWork();

        List<CallbackDelivery> pending = f.account().callbacks().deliveries(address.id(),
                CallbackDeliveryState.PENDING, 0, 100);
        assertThat(pending).hasSize(12).allSatisfy(d -> assertThat(d.nextAttemptAt())
                .isBetween(failedAt.plusSeconds(5), failedAt.plusMillis(5_500)));
        assertThat(pending.stream().map(CallbackDelivery::nextAttemptAt).distinct().count())
                .as("not all at once").isGreaterThan(6);
    }

    @Test
    void aReceiverWithAnUntrustedCertificateIsOneFailedAttemptThenRetried(@org.junit.jupiter.api.io.TempDir
                                                                            java.nio.file.Path dir) throws Exception {
        char[] password = "changeit".toCharArray();
        java.nio.file.Path keys = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass",
                "changeit", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-validity", "2").redirectErrorStream(true).start();
        String keytoolOut = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(keytoolOut).isZero();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(keys)) {
            store.load(in, password);
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        https.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        https.start();
        try {
            int port = https.getAddress().getPort();
            fixture(p -> p.withPorts(Set.of(port)));
            CallbackAddress address = f.account().callbacks().setAccountAddress("https://127.0.0.1:" + port
                    + "/hooks");
            send("ann@example.org");
            f.runDueWork();

            List<CallbackDelivery> pending = f.account().callbacks().deliveries(address.id(),
                    CallbackDeliveryState.PENDING, 0, 10);
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).attempts()).hasSize(1)
                    .allSatisfy(a -> assertThat(a.acknowledged()).isFalse());
            assertThat(served).as("no request passed the handshake").hasValue(0);
            f.advance(Duration.ofSeconds(6));
            assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.PENDING, 0, 10)
                    .get(0).attempts()).as("retried on the schedule").hasSize(2);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void retryAfterIsHonoured() {
        fixture();
        f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        receiver.then(CallbackReceiver.retryAfter(3600));
        send("ann@example.org");
        f.runDueWork();
        int first = receiver.received().size();
        f.advance(Duration.ofMinutes(30));
        assertThat(receiver.received()).hasSize(first);
        f.advance(Duration.ofMinutes(31));
        assertThat(receiver.received()).hasSize(first + 1);
    }

    @Test
    void everyBadAnswerIsOneBoundedFailedAttemptThenRetried() {
        fixture(p -> p.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)).withKeptBytes(100));
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        receiver.then(receiver.hold(), CallbackReceiver.reset(), receiver.redirect("/elsewhere"),
                CallbackReceiver.huge(500, 10));
        send("ann@example.org");
        f.runDueWork();
        receiver.release();
        for (Duration d : List.of(Duration.ofSeconds(6), Duration.ofMinutes(6), Duration.ofMinutes(34),
                Duration.ofHours(3))) {
            f.advance(d);
        }
        assertThat(receiver.received("/elsewhere")).as("redirects are not followed").isEmpty();
        List<CallbackDelivery> delivered = f.account().callbacks().deliveries(address.id(),
                CallbackDeliveryState.DELIVERED, 0, 10);
        assertThat(delivered).hasSize(1);
        List<CallbackAttempt> attempts = delivered.get(0).attempts();
        assertThat(attempts).hasSize(5);
        assertThat(attempts.get(0).status()).isEmpty();
        assertThat(attempts.get(0).detail()).contains("timed out");
        assertThat(attempts.get(1).status()).isEmpty();
        assertThat(attempts.get(2).status()).contains(301);
        assertThat(attempts.get(3).status()).contains(500);
        assertThat(attempts.get(3).detail()).hasSize(100).matches("x+");
        assertThat(attempts.get(4).acknowledged()).isTrue();
        assertThat(receiver.countsById()).containsOnlyKeys(delivered.get(0).webhookId());
    }

    @Test
    void aNeverEndingBodyIsReadOnlyAsFarAsIsKept() {
        fixture(p -> p.withKeptBytes(50));
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"));
        receiver.then(receiver.endless(500), receiver.endless(200));
        send("ann@example.org");
        f.runDueWork();
        f.advance(Duration.ofSeconds(6));
        List<CallbackDelivery> delivered = f.account().callbacks().deliveries(address.id(),
                CallbackDeliveryState.DELIVERED, 0, 10);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).attempts()).extracting(a -> a.status().orElse(0)).containsExactly(500, 200);
        assertThat(delivered.get(0).attempts().get(0).detail()).hasSize(50);
    }

    @Test
    void aNameThatResolvesToLoopbackLaterIsRefusedOnTheAttempt() {
        store = newStore();
        dns.put("hooks.example.com", List.of(ip("93.184.216.34")));
        f = SesFixture.create(store, b -> b.callbacks(CallbackPolicy.defaults().withResolver(resolver)
                .withPorts(Set.of(receiver.port())).withRetrySchedule(List.of())));
        CallbackAddress address = f.account().callbacks().setAccountAddress("http://hooks.example.com:"
                + receiver.port() + "/hooks");
        dns.put("hooks.example.com", List.of(ip("127.0.0.1")));
        send("ann@example.org");
        f.runDueWork();

        assertThat(receiver.received()).isEmpty();
        List<CallbackDelivery> dead = f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DEAD,
                0, 10);
        assertThat(dead).isNotEmpty();
        assertThat(dead.get(0).attempts().get(0).detail())
                .isEqualTo("refused: host hooks.example.com resolves to 127.0.0.1, a loopback address");
    }

    // --- dead letters and replay ---

    @Test
    void afterTheLastRetryADeliveryIsDeadLetteredAndCanBeReplayed() {
        fixture(p -> p.withRetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5))));
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"),
                EnumSet.of(CallbackEvent.DELIVERED));
        receiver.otherwise(CallbackReceiver.status(500, "down"));
        f.simulator().rule("*").deliver();
        send("ann@example.org");
        send("bob@example.org");
        f.runDueWork();
        f.advance(Duration.ofSeconds(6));
        f.advance(Duration.ofSeconds(6));
        f.advance(Duration.ofHours(1));
        List<CallbackDelivery> dead = f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DEAD,
                0, 10);
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).attempts()).hasSize(3).allMatch(a -> a.status().equals(java.util.Optional.of(500)));
        assertThat(receiver.received()).hasSize(6);

        receiver.otherwise(CallbackReceiver.ok());
        f.account().callbacks().replay(dead.get(0).id());
        f.runDueWork();
        assertThat(receiver.received()).hasSize(7);
        assertThat(receiver.received().get(6).header("webhook-id")).isEqualTo(dead.get(0).webhookId());
        assertThatThrownBy(() -> f.account().callbacks().replay(dead.get(0).id()))
                .isInstanceOfSatisfying(SesException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));

        assertThat(f.account().callbacks().replayDeadLetters(address.id())).isEqualTo(1);
        f.runDueWork();
        assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DEAD, 0, 10)).isEmpty();
        assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DELIVERED, 0, 10))
                .hasSize(2);
        assertThat(receiver.countsById()).containsValues(4, 4);
    }

    @Test
    void everyEventOfATimeRangeCanBeSentAgainToAnAddress() {
        fixture();
        f.simulator().rule("*").deliver();
        send("early@example.org");
        f.runDueWork();
        Instant from = f.clock().instant().plusSeconds(30);
        f.clock().advance(Duration.ofMinutes(1));
        send("ann@example.org");
        f.runDueWork();
        Instant to = f.clock().instant().plusSeconds(30);
        f.clock().advance(Duration.ofMinutes(1));
        send("late@example.org");
        f.runDueWork();
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"),
                EnumSet.of(CallbackEvent.DELIVERED));
        f.runDueWork();
        assertThat(receiver.received()).as("set after the events").isEmpty();

        assertThat(f.account().callbacks().replay(address.id(), from, to)).isEqualTo(1);
        f.runDueWork();
        assertThat(receiver.received()).extracting(r -> json(r).get("email").asText())
                .containsExactly("ann@example.org");
        assertThat(f.account().callbacks().replay(address.id(), from, to)).isEqualTo(1);
        f.runDueWork();
        assertThat(receiver.countsById()).hasSize(1).containsValue(2);
        assertThatThrownBy(() -> f.account().callbacks().replay(address.id(), to, from))
                .isInstanceOfSatisfying(SesException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    // --- health and isolation ---

    @Test
    void anEndpointFailingForADayIsMarkedTriedLessOftenAndRecovers() {
        fixture();
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"),
                EnumSet.of(CallbackEvent.DELIVERED));
        receiver.otherwise(CallbackReceiver.status(503, "maintenance"));
        f.simulator().rule("*").deliver();
        send("ann@example.org");
        f.runDueWork();
        for (int i = 0; i < 48 && !f.account().callbacks().get(address.id()).failing(); i++) {
            f.advance(Duration.ofHours(1));
        }
        CallbackAddress failing = f.account().callbacks().get(address.id());
        assertThat(failing.failing()).isTrue();
        assertThat(failing.failuresSince()).isPresent();
        assertThat(f.ses().health().failingCallbacks()).extracting(SesHealth.FailingCallback::addressId)
                .containsExactly(address.id());

        send("bob@example.org");
        f.runDueWork();
        CallbackDelivery bob = f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.PENDING, 0, 10)
                .stream().filter(d -> d.body().contains("bob@")).findFirst().orElseThrow();
        assertThat(Duration.between(bob.attempts().get(0).at(), bob.nextAttemptAt()))
                .as("a failing endpoint is retried no sooner than hourly").isGreaterThanOrEqualTo(Duration.ofHours(1));

        receiver.otherwise(CallbackReceiver.ok());
        f.advance(Duration.ofHours(11));
        assertThat(f.account().callbacks().get(address.id()).failing()).isFalse();
        assertThat(f.ses().health().failingCallbacks()).isEmpty();
        f.advance(Duration.ofHours(11));
        assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.PENDING, 0, 10)).isEmpty();
    }

    @Test
    void aHangingEndpointDoesNotDelayAnother() throws Exception {
        store = newStore();
        f = SesFixture.create(store, b -> b.callbacks(policy().withTimeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(60))).workers(1));
        f.account().addresses().create(SesFixture.DOMAIN, "news", "News");
        f.account().callbacks().setSenderAddress(SesFixture.SENDER, receiver.url("/slow"));
        f.account().callbacks().setSenderAddress("news@" + SesFixture.DOMAIN, receiver.url("/fast"));
        receiver.otherwise(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                receiver.hold().answer(exchange);
            } else {
                CallbackReceiver.ok().answer(exchange);
            }
        });
        var slow = receiver.next("/slow");
        long tpl = f.textTemplate("Hello");
        f.account().send(f.message(tpl, "slow").to("ann@example.org").build());
        slow.get(30, TimeUnit.SECONDS);
        var fast = receiver.next("/fast");
        f.account().send(SendRequest.builder().from("news@" + SesFixture.DOMAIN).template(tpl).subject("fast")
                .to("bob@example.org").build());
        assertThat(fast.get(30, TimeUnit.SECONDS).path()).isEqualTo("/fast");
        receiver.release();
    }

    @Test
    void aRestartMidRetryLosesNothing() {
        fixture();
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"),
                EnumSet.of(CallbackEvent.DELIVERED));
        receiver.then(CallbackReceiver.status(500, "down"));
        f.simulator().rule("*").deliver();
        send("ann@example.org");
        f.runDueWork();
        assertThat(receiver.received()).hasSize(1);
        f.close();

        f.clock().advance(Duration.ofSeconds(6));
        try (Ses again = Ses.builder().store(store).transport(MailboxSimulator.create()).clock(f.clock())
                .workers(0).node("second-node").callbacks(policy()).build()) {
            again.runDueWork();
            assertThat(receiver.received()).hasSize(2);
            assertThat(again.account(SesFixture.ACCOUNT).callbacks().deliveries(address.id(),
                    CallbackDeliveryState.DELIVERED, 0, 10)).hasSize(1);
        }
        assertThat(receiver.countsById()).hasSize(1).containsValue(2);
    }

    @Test
    void deliveriesAreKeptAsLongAsTheEventLogKeepsEvents() {
        store = newStore();
        f = SesFixture.create(store, b -> b.callbacks(policy()).eventRetention(Duration.ofDays(2)));
        CallbackAddress address = f.account().callbacks().setAccountAddress(receiver.url("/hooks"),
                EnumSet.of(CallbackEvent.DELIVERED));
        f.simulator().rule("*").deliver();
        send("ann@example.org");
        f.runDueWork();
        f.advance(Duration.ofDays(1));
        assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DELIVERED, 0, 10))
                .hasSize(1);
        f.advance(Duration.ofDays(1).plusMinutes(2));
        assertThat(f.account().callbacks().deliveries(address.id(), CallbackDeliveryState.DELIVERED, 0, 10))
                .isEmpty();
    }

    private static JsonNode json(CallbackReceiver.Received r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
