package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsAnswer.Status;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** {@link DnsJavaResolver} against a real DNS server on 127.0.0.1, over UDP and TCP. */
class DnsJavaResolverTest {
    private TestDnsServer server;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeEach
    void startServer() throws Exception {
        server = TestDnsServer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private DnsJavaResolver.Builder builder() {
        return DnsJavaResolver.builder().server(server.address()).port(server.port())
                .timeout(Duration.ofMillis(500)).retries(0).clock(clock);
    }

    private DnsJavaResolver resolver() {
        return builder().build();
    }

    @Nested
    class Answers {
        @Test
        void txtWithSeveralStringsKeepsThemApart() {
            server.txt("s1._domainkey.acme.test", 300, "v=DKIM1; k=rsa; p=MIIB", "IjANBgkq");

            DnsAnswer<TxtRecord> answer = resolver().txt("s1._domainkey.acme.test");

            assertThat(answer.status()).isEqualTo(Status.OK);
            assertThat(answer.records()).singleElement().satisfies(r -> {
                assertThat(r.strings()).containsExactly("v=DKIM1; k=rsa; p=MIIB", "IjANBgkq");
                assertThat(r.text()).isEqualTo("v=DKIM1; k=rsa; p=MIIBIjANBgkq");
            });
        }

        @Test
        void severalTxtRecordsAreAllReturned() {
            server.txt("acme.test", 300, "v=spf1 -all").txt("acme.test", 300, "site-verification=1");

            assertThat(resolver().txt("acme.test").records()).extracting(TxtRecord::text)
                    .containsExactlyInAnyOrder("v=spf1 -all", "site-verification=1");
        }

        @Test
        void mxHostsComeWithoutTrailingDot() {
            server.mx("acme.test", 300, 10, "MX1.Acme.TEST").mx("acme.test", 300, 20, "mx2.acme.test");

            DnsAnswer<MxRecord> answer = resolver().mx("ACME.test.");

            // Case survives only partly: name compression may reuse the question's spelling for the suffix.
            assertThat(answer.records()).extracting(MxRecord::preference, r -> r.host().toLowerCase(Locale.ROOT))
                    .containsExactlyInAnyOrder(tuple(10, "mx1.acme.test"), tuple(20, "mx2.acme.test"));
            assertThat(answer.records()).extracting(MxRecord::host).noneMatch(h -> h.endsWith("."))
                    .anyMatch(h -> h.startsWith("MX1."));
        }

        @Test
        void nullMxComesBackAsTheEmptyHost() {
            server.mx("parked.acme.test", 300, 0, ".");

            DnsAnswer<MxRecord> answer = resolver().mx("parked.acme.test");

            assertThat(answer.status()).isEqualTo(Status.OK);
            assertThat(answer.records()).singleElement().satisfies(r -> {
                assertThat(r.preference()).isZero();
                assertThat(r.host()).isEmpty();
                assertThat(r.nullMx()).isTrue();
            });
        }

        @Test
        void cnameTargetIsReturnedAndTxtLookupsFollowIt() {
            server.cname("s1._domainkey.acme.test", 300, "s1.keys.provider.test")
                    .txt("s1.keys.provider.test", 300, "v=DKIM1; p=abc");
            DnsJavaResolver resolver = resolver();

            assertThat(resolver.cname("s1._domainkey.acme.test").records()).containsExactly("s1.keys.provider.test");
            assertThat(resolver.txt("s1._domainkey.acme.test").records()).extracting(TxtRecord::text)
                    .containsExactly("v=DKIM1; p=abc");
        }

        @Test
        void cnameChainWithoutItsEndIsFollowedByAskingForTheTarget() {
            server.followCnames(false).cname("s1._domainkey.acme.test", 300, "s1.keys.provider.test")
                    .txt("s1.keys.provider.test", 300, "v=DKIM1; p=abc");

            DnsAnswer<TxtRecord> answer = resolver().txt("s1._domainkey.acme.test");

            assertThat(answer.records()).extracting(TxtRecord::text).containsExactly("v=DKIM1; p=abc");
            assertThat(server.queries("s1.keys.provider.test", Type.TXT)).isEqualTo(1);
        }

        @Test
        void cnameLoopIsAnError() {
            server.followCnames(false).cname("a.acme.test", 300, "b.acme.test").cname("b.acme.test", 300, "a.acme.test");

            DnsAnswer<TxtRecord> answer = resolver().txt("a.acme.test");

            assertThat(answer.status()).isEqualTo(Status.ERROR);
            assertThat(answer.error()).hasValueSatisfying(e -> assertThat(e).contains("CNAME"));
        }

        @Test
        void addressesOfAName() throws Exception {
            server.a("mx1.acme.test", 300, "192.0.2.25");

            assertThat(resolver().addresses("mx1.acme.test").records())
                    .containsExactly(InetAddress.getByName("192.0.2.25"));
        }
    }

    @Nested
    class Failures {
        @Test
        void nonExistentNameIsNxdomain() {
            server.txt("acme.test", 300, "v=spf1 -all");

            DnsAnswer<TxtRecord> answer = resolver().txt("nothing.acme.test");

            assertThat(answer.status()).isEqualTo(Status.NXDOMAIN);
            assertThat(answer.failed()).isFalse();
            assertThat(resolver().addresses("nothing.acme.test").status()).isEqualTo(Status.NXDOMAIN);
        }

        @Test
        void existingNameWithoutTheTypeIsNoData() {
            server.txt("acme.test", 300, "v=spf1 -all");

            assertThat(resolver().mx("acme.test").status()).isEqualTo(Status.NO_DATA);
            assertThat(resolver().addresses("acme.test").status()).isEqualTo(Status.NO_DATA);
        }

        @Test
        void serverFailureIsServfail() {
            server.servfail("broken.acme.test");

            DnsAnswer<TxtRecord> answer = resolver().txt("broken.acme.test");

            assertThat(answer.status()).isEqualTo(Status.SERVFAIL);
            assertThat(answer.failed()).isTrue();
            assertThat(answer.error()).hasValueSatisfying(e -> assertThat(e).contains("SERVFAIL"));
        }

        @Test
        void silenceIsATimeoutAfterTheRetries() {
            server.silent("slow.acme.test");

            DnsAnswer<TxtRecord> answer = builder().timeout(Duration.ofMillis(200)).retries(1).build()
                    .txt("slow.acme.test");

            assertThat(answer.status()).isEqualTo(Status.TIMEOUT);
            assertThat(answer.error()).hasValueSatisfying(e -> assertThat(e).contains("did not answer"));
            assertThat(server.queries("slow.acme.test", Type.TXT)).isEqualTo(2);
        }

        @Test
        void aServerThatFailsIsSkippedForTheNextOne() throws Exception {
            try (TestDnsServer good = TestDnsServer.start()) {
                server.servfail("acme.test");
                good.txt("acme.test", 300, "v=spf1 -all");
                DnsJavaResolver resolver = DnsJavaResolver.builder()
                        .server(new InetSocketAddress(server.address(), server.port()))
                        .server(new InetSocketAddress(good.address(), good.port()))
                        .timeout(Duration.ofMillis(500)).retries(2).clock(clock).build();

                assertThat(resolver.txt("acme.test").records()).extracting(TxtRecord::text)
                        .containsExactly("v=spf1 -all");
                assertThat(server.queries("acme.test", Type.TXT)).isEqualTo(1);
            }
        }

        @Test
        void aServerThatIsNotListeningIsNamedConnectionRefusedNotNull() throws Exception {
            InetAddress address = server.address();
            int port = server.port();
            server.close();

            DnsAnswer<TxtRecord> answer = DnsJavaResolver.builder().server(new InetSocketAddress(address, port))
                    .timeout(Duration.ofSeconds(2)).retries(0).clock(clock).build().txt("acme.test");

            assertThat(answer.status()).isEqualTo(Status.ERROR);
            assertThat(answer.error()).hasValueSatisfying(e -> assertThat(e)
                    .isEqualTo("127.0.0.1:" + port + ": connection refused (port unreachable: no DNS server listens"
                            + " there)")
                    .doesNotContain("null"));
        }

        @Test
        void aTcpRetryThatIsRefusedSaysSo() throws Exception {
            server.txt("big.acme.test", 300, largeRecord()).stopTcp();

            DnsAnswer<TxtRecord> answer = resolver().txt("big.acme.test");

            assertThat(answer.status()).isEqualTo(Status.ERROR);
            assertThat(answer.error()).hasValueSatisfying(e -> assertThat(e)
                    .startsWith("127.0.0.1:" + server.port() + ": ").containsIgnoringCase("connection refused")
                    .doesNotContain("null"));
        }

        @Test
        void invalidNameIsAnError() {
            assertThat(resolver().txt("a..b").status()).isEqualTo(Status.ERROR);
        }
    }

    /** A TXT record of 2,400 characters: too large for a UDP answer of 512 bytes. */
    private static String[] largeRecord() {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            strings.add(String.valueOf((char) ('a' + i)).repeat(200));
        }
        return strings.toArray(String[]::new);
    }

    @Nested
    class Truncation {

        @Test
        void truncatedUdpAnswerIsAskedAgainOverTcp() {
            String[] strings = largeRecord();
            server.txt("big.acme.test", 300, strings);

            DnsAnswer<TxtRecord> answer = resolver().txt("big.acme.test");

            assertThat(answer.status()).isEqualTo(Status.OK);
            assertThat(answer.records()).singleElement().satisfies(r -> {
                assertThat(r.strings()).containsExactly(strings);
                assertThat(r.text()).hasSize(12 * 200);
            });
            assertThat(server.udpQueries()).isEqualTo(1);
            assertThat(server.tcpQueries()).isEqualTo(1);
        }

        @Test
        void smallAnswersStayOnUdp() {
            server.txt("acme.test", 300, "v=spf1 -all");

            resolver().txt("acme.test");

            assertThat(server.udpQueries()).isEqualTo(1);
            assertThat(server.tcpQueries()).isZero();
        }

        @Test
        void withoutTcpFallbackATruncatedAnswerIsAnError() {
            server.txt("big.acme.test", 300, largeRecord());

            DnsAnswer<TxtRecord> answer = builder().tcpFallback(false).build().txt("big.acme.test");

            assertThat(answer.status()).isEqualTo(Status.ERROR);
            assertThat(answer.error()).hasValueSatisfying(e -> assertThat(e).contains("truncated"));
            assertThat(server.tcpQueries()).isZero();
        }
    }

    @Nested
    class Caching {
        @Test
        void secondAnswerComesFromTheCacheUntilTheTtlRunsOut() {
            server.txt("acme.test", 120, "v=spf1 -all");
            DnsJavaResolver resolver = resolver();

            resolver.txt("acme.test");
            DnsAnswer<TxtRecord> second = resolver.txt("ACME.TEST.");

            assertThat(second.records()).extracting(TxtRecord::text).containsExactly("v=spf1 -all");
            assertThat(server.queries("acme.test", Type.TXT)).isEqualTo(1);

            clock.advance(Duration.ofSeconds(119));
            resolver.txt("acme.test");
            assertThat(server.queries("acme.test", Type.TXT)).isEqualTo(1);

            clock.advance(Duration.ofSeconds(2));
            resolver.txt("acme.test");
            assertThat(server.queries("acme.test", Type.TXT)).isEqualTo(2);
        }

        @Test
        void typesAreCachedApart() {
            server.txt("acme.test", 300, "v=spf1 -all").mx("acme.test", 300, 10, "mx.acme.test");
            DnsJavaResolver resolver = resolver();

            resolver.txt("acme.test");
            resolver.mx("acme.test");

            assertThat(server.queries("acme.test", Type.TXT)).isEqualTo(1);
            assertThat(server.queries("acme.test", Type.MX)).isEqualTo(1);
        }

        @Test
        void longTtlsAreCappedByMaxTtl() {
            server.txt("acme.test", 86_400, "v=spf1 -all");
            DnsJavaResolver resolver = builder().maxTtl(Duration.ofMinutes(10)).build();

            resolver.txt("acme.test");
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            resolver.txt("acme.test");

            assertThat(server.queries("acme.test", Type.TXT)).isEqualTo(2);
        }

        @Test
        void negativeAnswersAreCachedBriefly() {
            DnsJavaResolver resolver = builder().negativeTtl(Duration.ofSeconds(20)).build();

            assertThat(resolver.txt("new.acme.test").status()).isEqualTo(Status.NXDOMAIN);
            server.txt("new.acme.test", 300, "v=spf1 -all");
            assertThat(resolver.txt("new.acme.test").status()).isEqualTo(Status.NXDOMAIN);
            assertThat(server.queries("new.acme.test", Type.TXT)).isEqualTo(1);

            clock.advance(Duration.ofSeconds(21));
            assertThat(resolver.txt("new.acme.test").status()).isEqualTo(Status.OK);
            assertThat(server.queries("new.acme.test", Type.TXT)).isEqualTo(2);
        }

        @Test
        void theZonesNegativeTtlAppliesWhenShorter() {
            DnsJavaResolver resolver = builder().negativeTtl(Duration.ofHours(1)).build();

            resolver.txt("new.acme.test");
            clock.advance(Duration.ofSeconds(TestDnsServer.SOA_MINIMUM + 1));
            resolver.txt("new.acme.test");

            assertThat(server.queries("new.acme.test", Type.TXT)).isEqualTo(2);
        }

        @Test
        void failuresAreNotCached() {
            server.servfail("broken.acme.test");
            DnsJavaResolver resolver = resolver();

            resolver.txt("broken.acme.test");
            resolver.txt("broken.acme.test");

            assertThat(server.queries("broken.acme.test", Type.TXT)).isEqualTo(2);
        }

        @Test
        void cacheCanBeTurnedOff() {
            server.txt("acme.test", 300, "v=spf1 -all");
            DnsJavaResolver resolver = builder().maxCacheSize(0).build();

            resolver.txt("acme.test");
            resolver.txt("acme.test");

            assertThat(server.queries("acme.test", Type.TXT)).isEqualTo(2);
        }
    }

    @Nested
    class Settings {
        @Test
        void eachSettingIsCheckedAtOnceNamingFieldAndValue() {
            DnsJavaResolver.Builder b = DnsJavaResolver.builder();

            assertThatThrownBy(() -> b.port(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port must be within 1..65535: 0");
            assertThatThrownBy(() -> b.port(70_000)).hasMessage("port must be within 1..65535: 70000");
            assertThatThrownBy(() -> b.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must be positive: PT0S");
            assertThatThrownBy(() -> b.retries(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("retries must be within 0..10: -1");
            assertThatThrownBy(() -> b.maxCacheSize(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxCacheSize must not be negative: -1");
            assertThatThrownBy(() -> b.maxTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxTtl must be positive: PT-1S");
            assertThatThrownBy(() -> b.negativeTtl(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("negativeTtl must not be negative: PT-1S");
            assertThatThrownBy(() -> b.server((InetAddress) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("server");
            assertThatThrownBy(() -> b.server(InetSocketAddress.createUnresolved("dns.example", 53)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("server must be a resolved address with a port: ");
            assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
        }

        @Test
        void serversAreAskedOnTheGivenPort() {
            DnsJavaResolver resolver = resolver();

            assertThat(resolver.servers()).singleElement().satisfies(s -> {
                assertThat(s.getAddress()).isEqualTo(server.address());
                assertThat(s.getPort()).isEqualTo(server.port());
            });
            assertThat(resolver.toString()).contains(String.valueOf(server.port()));
        }
    }

    /** A clock moved by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
