package dev.ses.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.testing.MailboxSimulator;
import dev.ses.core.testing.SesFixture;
import dev.ses.core.testing.SimulatedMail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What goes into messages: the switches of the account, the domain and the message; personal copies of a send to
 * several recipients; the unsubscribe variable; the signing keys, rotated and stored.
 */
class TrackingRenderingTest {
    private static final String BASE = "https://track.example.test";
    private static final String HTML = "<p>Hi <a href=\"https://shop.example/a\">shop</a></p>";

    private static SimulatedMail send(SesFixture f, String html, MessageTracking tracking, String... to) {
        long tpl = f.htmlTemplate(html);
        f.account().send(f.message(tpl, "hi").to(to).tracking(tracking).build());
        f.runDueWork();
        List<SimulatedMail> box = f.simulator().mailbox(to[0]);
        return box.get(box.size() - 1);
    }

    private static boolean hasPixel(SimulatedMail m) {
        return MailboxSimulator.pixelUrl(m).isPresent();
    }

    private static boolean rewritten(SimulatedMail m) {
        return !MailboxSimulator.trackedLinks(m).isEmpty();
    }

    private static byte[] secret(int fill) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) fill);
        return s;
    }

    @Test
    void withoutABaseUrlNothingIsTracked() {
        try (SesFixture f = SesFixture.create()) {
            SimulatedMail m = send(f, HTML, MessageTracking.BULK, "ann@acme.test");
            assertThat(m.html()).contains(HTML);
            assertThat(m.headers()).doesNotContainKey("List-Unsubscribe");
        }
    }

    @Test
    void theDomainSwitchWinsOverTheAccountsAndTheMessageCanOnlyTurnTrackingOff() {
        try (SesFixture f = SesFixture.create(b -> b.trackingBaseUrl(BASE))) {
            SimulatedMail both = send(f, HTML, MessageTracking.DEFAULT, "a1@acme.test");
            assertThat(hasPixel(both)).isTrue();
            assertThat(rewritten(both)).isTrue();
            assertThat(MailboxSimulator.pixelUrl(both).orElseThrow()).startsWith(BASE + "/o/");

            f.account().statistics().settings().setAccount(new TrackingSettings(false, false));
            SimulatedMail accountOff = send(f, HTML, MessageTracking.DEFAULT, "a2@acme.test");
            assertThat(hasPixel(accountOff)).isFalse();
            assertThat(rewritten(accountOff)).isFalse();

            f.account().statistics().settings().setDomains(List.of(SesFixture.DOMAIN), new TrackingSettings(true,
                    false));
            SimulatedMail domainOn = send(f, HTML, MessageTracking.DEFAULT, "a3@acme.test");
            assertThat(hasPixel(domainOn)).as("the domain's switch wins").isTrue();
            assertThat(rewritten(domainOn)).isFalse();

            f.account().statistics().settings().setAccount(TrackingSettings.ON);
            f.account().statistics().settings().setDomains(List.of(SesFixture.DOMAIN), TrackingSettings.ON);
            SimulatedMail transactional = send(f, HTML, MessageTracking.NONE, "a4@acme.test");
            assertThat(hasPixel(transactional)).isFalse();
            assertThat(rewritten(transactional)).isFalse();
            assertThat(transactional.html()).contains(HTML);
            SimulatedMail noOpens = send(f, HTML, MessageTracking.DEFAULT.withOpens(false), "a5@acme.test");
            assertThat(hasPixel(noOpens)).isFalse();
            assertThat(rewritten(noOpens)).isTrue();
        }
    }

    @Test
    void aDomainsBaseUrlWinsOverTheAccountsAndTheBuilders() {
        try (SesFixture f = SesFixture.create(b -> b.trackingBaseUrl(BASE))) {
            f.account().trackingSetup().setAccount(TrackingSetup.DEFAULT.withBaseUrl("https://acct.example.test/"));
            assertThat(MailboxSimulator.pixelUrl(send(f, HTML, MessageTracking.DEFAULT, "a1@acme.test"))
                    .orElseThrow()).startsWith("https://acct.example.test/o/");
            f.account().trackingSetup().setDomain(SesFixture.DOMAIN,
                    TrackingSetup.DEFAULT.withBaseUrl("https://t.mail.example.test/x"));
            assertThat(MailboxSimulator.pixelUrl(send(f, HTML, MessageTracking.DEFAULT, "a2@acme.test"))
                    .orElseThrow()).startsWith("https://t.mail.example.test/x/o/");
            assertThat(f.account().trackingSetup().domain(SesFixture.DOMAIN).baseUrl())
                    .contains("https://t.mail.example.test/x");
        }
    }

    @Test
    void aSendToSeveralRecipientsGivesEachACopyOfTheirOwnThatStillShowsThemAll() {
        try (SesFixture f = SesFixture.create(b -> b.trackingBaseUrl(BASE))) {
            long tpl = f.htmlTemplate(HTML);
            String id = f.account().send(f.message(tpl, "hi").to("ann@acme.test", "bob@acme.test")
                    .cc("cat@acme.test").bcc("dan@acme.test").build()).messageId();
            f.runDueWork();

            List<SimulatedMail> copies = List.of("ann@acme.test", "bob@acme.test", "cat@acme.test", "dan@acme.test")
                    .stream().map(r -> f.simulator().mailbox(r).get(0)).toList();
            assertThat(copies).allSatisfy(c -> {
                assertThat(c.to()).containsExactly("ann@acme.test", "bob@acme.test");
                assertThat(c.cc()).containsExactly("cat@acme.test");
                assertThat(c.sendId()).isEqualTo(id);
            });
            assertThat(copies).extracting(c -> MailboxSimulator.pixelUrl(c).orElseThrow()).doesNotHaveDuplicates();
            assertThat(copies).extracting(SimulatedMail::messageId).doesNotHaveDuplicates();
            assertThat(f.simulator().delivered()).hasSize(4);

            f.simulator().readThrough(f.ses().trackingEndpoints());
            f.clock().advance(Duration.ofMinutes(3));
            assertThat(f.simulator().open(copies.get(1)).status()).isEqualTo(200);
            assertThat(f.account().deliveries().byMessage(id)).filteredOn(DeliveryStatus::opened)
                    .extracting(DeliveryStatus::recipient).containsExactly("bob@acme.test");
        }
    }

    @Test
    void theUnsubscribeUrlVariableIsFilledInAndNeverCountedAsAClick() {
        try (SesFixture f = SesFixture.create(b -> b.trackingBaseUrl(BASE))) {
            long tpl = f.htmlTemplate("<p>{{name}} <a href=\"https://shop.example/\">shop</a>"
                    + " <a href=\"{{unsubscribe_url}}\">unsubscribe</a></p>");
            // The template's variables the send must carry are its own: unsubscribe_url is ses's.
            f.account().send(f.message(tpl, "hi").to("ann@acme.test").variable("name", "Ann")
                    .tracking(MessageTracking.BULK).build());
            f.runDueWork();
            SimulatedMail m = f.simulator().mailbox("ann@acme.test").get(0);
            String header = m.headers().get("List-Unsubscribe");
            String url = header.substring(1, header.indexOf('>'));

            assertThat(m.html().orElseThrow()).contains("href=\"" + url + "\"");
            assertThat(MailboxSimulator.trackedLinks(m)).hasSize(1);
            assertThat(m.text()).contains(url);
        }
    }

    @Test
    void rotatedKeysKeepOldMailWorkingOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (SesFixture f = SesFixture.create(b -> b.trackingKey("k1", secret(1)).trackingBaseUrl(BASE))) {
            SimulatedMail old = send(f, HTML, MessageTracking.DEFAULT, "ann@acme.test");
            String oldPixel = MailboxSimulator.pixelUrl(old).orElseThrow();
            assertThat(oldPixel).startsWith(BASE + "/o/k1.");
            String path = URI.create(oldPixel).getRawPath();

            try (Ses rotated = Ses.builder().store(f.store()).transport(MailboxSimulator.create()).clock(f.clock())
                    .workers(0).trackingKey("k1", secret(1)).trackingKey("k2", secret(2)).currentTrackingKey("k2")
                    .trackingBaseUrl(BASE).build();
                 WebServer server = WebServer.builder(rotated.trackingEndpoints()).start();
                 Ses retired = Ses.builder().store(f.store()).transport(MailboxSimulator.create())
                         .clock(f.clock()).workers(0).trackingKey("k2", secret(2)).build();
                 WebServer retiredServer = WebServer.builder(retired.trackingEndpoints()).start()) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.address().getPort() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).hasSize(43);

                HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + retiredServer.address().getPort() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(refused.statusCode()).isEqualTo(404);

                MailboxSimulator sim = MailboxSimulator.create();
                try (Ses next = Ses.builder().store(f.store()).transport(sim).clock(f.clock()).workers(0)
                        .trackingKey("k1", secret(1)).trackingKey("k2", secret(2)).trackingBaseUrl(BASE).build()) {
                    long tpl = f.htmlTemplate(HTML);
                    next.account(SesFixture.ACCOUNT).send(f.message(tpl, "hi").to("bob@acme.test").build());
                    next.runDueWork();
                    assertThat(MailboxSimulator.pixelUrl(sim.mailbox("bob@acme.test").get(0)).orElseThrow())
                            .as("the last key added signs").startsWith(BASE + "/o/k2.");
                }
            }
            assertThat(f.store().events().ofMessage(SesFixture.ACCOUNT, old.sendId())).extracting(e -> e.event().type())
                    .containsOnlyOnce(EventType.OPENED);
        }
    }

    @Test
    void aKeyGeneratedOnceIsStoredAndSharedByTheNodesOfOneStore() {
        try (SesFixture f = SesFixture.create(b -> b.trackingBaseUrl(BASE))) {
            assertThat(f.store().tracking().keys()).as("made on first use").isEmpty();
            SimulatedMail m = send(f, HTML, MessageTracking.DEFAULT, "ann@acme.test");
            assertThat(f.store().tracking().keys()).hasSize(1);
            String path = URI.create(MailboxSimulator.pixelUrl(m).orElseThrow()).getRawPath();
            try (Ses other = Ses.builder().store(f.store()).transport(MailboxSimulator.create()).clock(f.clock())
                    .workers(0).build()) {
                assertThat(other.trackingEndpoints().handle(WebRequest.of("GET", path)).status()).isEqualTo(200);
            }
            assertThat(f.store().tracking().keys()).hasSize(1);
            assertThat(f.store().events().ofMessage(SesFixture.ACCOUNT, m.sendId()).stream().map(LoggedEvent::event)
                    .filter(e -> e.type() == EventType.OPENED)).hasSize(1);
        }
    }

    @Test
    void theSimulatorOpensAndClicksThroughTheRealUrls() {
        try (SesFixture f = SesFixture.create(b -> b.trackingBaseUrl(BASE))) {
            f.simulator().readThrough(f.ses().trackingEndpoints());
            f.simulator().rule("ann@acme.test").deliver().thenOpen(Duration.ofMinutes(2))
                    .thenClick("https://shop.example/a", Duration.ofMinutes(3));
            SimulatedMail m = send(f, HTML, MessageTracking.BULK, "ann@acme.test");
            f.advance(Duration.ofMinutes(5));

            List<SesEvent> readings = f.store().events().ofMessage(SesFixture.ACCOUNT, m.sendId()).stream()
                    .map(LoggedEvent::event).filter(e -> e.type() == EventType.OPENED
                            || e.type() == EventType.CLICKED).toList();
            assertThat(readings).extracting(SesEvent::type).containsExactly(EventType.OPENED, EventType.CLICKED);
            assertThat(readings).allSatisfy(e -> assertThat(e.reader()).contains(ReaderKind.HUMAN));
            assertThat(readings.get(1).link()).contains("https://shop.example/a");

            WebResponse click = f.simulator().click(m, 0);
            assertThat(click.status()).isEqualTo(302);
            assertThat(click.header("Location")).contains("https://shop.example/a");
            assertThat(f.simulator().unsubscribe(m).status()).isEqualTo(200);
            assertThat(f.account().deliveries().byMessage(m.sendId()).get(0).unsubscribed()).isTrue();
        }
    }

    @Test
    void builderSettingsAreCheckedAtOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ses.builder().trackingBaseUrl("ftp://x.test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ftp://x.test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ses.builder().trackingBaseUrl("https://x.test/?q"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ses.builder().trackingKey("k1", secret(1))
                .trackingKey("k1", secret(2))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ses.builder().transport(MailboxSimulator.create())
                .trackingKey("k1", secret(1)).currentTrackingKey("k9").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("k9");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ses.builder()
                .linkScannerWindow(Duration.ofMinutes(11))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linkScannerWindow");
    }
}
