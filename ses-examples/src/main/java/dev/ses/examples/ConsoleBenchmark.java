package dev.ses.examples;

import dev.ses.core.ConsoleSettings;
import dev.ses.core.DeliveryQuery;
import dev.ses.core.DomainPolicy;
import dev.ses.core.InMemoryStore;
import dev.ses.core.PageRequest;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.SesLimits;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TaskRequest;
import dev.ses.core.TemplateType;
import dev.ses.core.WebHandler;
import dev.ses.core.WebRequest;
import dev.ses.core.WebResponse;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.Store;
import dev.ses.core.testing.ManualClock;
import dev.ses.store.jdbc.JdbcStore;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Server time of each console page with many messages in the store: the page rendered through the console's
 * {@link WebHandler} directly (no network), 20 warm-up renders then the median of 31. The baseline, measured in the
 * same run, is the same pages over a store of 100 messages.
 *
 * <p>Arguments: the number of messages (default 1,000,000) and the store, {@code memory} (default) or {@code h2}.
 */
public final class ConsoleBenchmark {
    private static final String TOKEN = "benchmark-token-0123456789";
    private static final int WARMUP = 20;
    private static final int ROUNDS = 31;

    private ConsoleBenchmark() {
    }

    /** Runs the benchmark and prints a Markdown table. */
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String kind = args.length > 1 ? args[1] : "memory";
        Map<String, Double> small = measure(100, kind);
        Map<String, Double> large = measure(messages, kind);
        System.out.printf(Locale.ROOT, "| page | 100 messages, ms | %,d messages, ms | ratio |%n", messages);
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, Double> e : large.entrySet()) {
            double base = small.get(e.getKey());
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.1fx |%n", e.getKey(), base, e.getValue(),
                    e.getValue() / base);
        }
    }

    private static Store store(String kind) throws Exception {
        return kind.equals("h2") ? JdbcStore.h2(Files.createTempDirectory("ses-console-bench")) : new InMemoryStore();
    }

    /** Fills a store with one batch task of {@code messages} recipients, sent, then times each page. */
    private static Map<String, Double> measure(int messages, String kind) throws Exception {
        StaticDnsResolver dns = new StaticDnsResolver();
        ManualClock clock = ManualClock.at("2026-01-05T09:00:00Z");
        Store store = store(kind);
        try (Ses ses = Ses.builder().store(store).transport(new EngineBenchmark.CountingTransport()).dns(dns)
                .clock(clock).workers(0).quotas(QuotaPolicy.unlimited())
                .limits(SesLimits.defaults().withGroupLimits(10_000, Math.max(50_000, messages)))
                .domainPolicy(DomainPolicy.defaults().withDkimAlgorithm(DkimKey.ED25519_SHA256)).build()) {
            SesAccount acme = ses.account("acme");
            SenderDomain d = acme.domains().create("mail.shop.example");
            dns.publish(d);
            acme.domains().verify(d.name());
            acme.addresses().create(d.name(), "news", "Shop");
            long tpl = acme.templates().create("t", TemplateType.HTML, "<p>Hello {{name}}</p>").id();
            RecipientGroup g = acme.groups().create("all", "");
            for (int from = 0; from < messages; from += 10_000) {
                StringBuilder csv = new StringBuilder("email,name\n");
                for (int i = from; i < Math.min(messages, from + 10_000); i++) {
                    csv.append("customer").append(i).append("@example.com,C").append(i).append('\n');
                }
                acme.groups().importCsv(g.id(), new StringReader(csv.toString()));
            }
            long task = acme.tasks().create(TaskRequest.batch("news@mail.shop.example", g.id(), tpl, "Hi")).id();
            long t0 = System.nanoTime();
            ses.runDueWork();
            System.err.printf(Locale.ROOT, "sent %,d messages in %.1f s%n", messages,
                    (System.nanoTime() - t0) / 1e9);
            acme.blocklist().add("gone@example.com", "left", Optional.empty());
            var one = acme.deliveries().find(DeliveryQuery.between(Instant.EPOCH, clock.instant().plusSeconds(1)),
                    PageRequest.first(1)).items().get(0);

            WebHandler console = ses.console(ConsoleSettings.builder().token(TOKEN).accounts("acme")
                    .secureCookies(false).build());
            WebResponse form = console.handle(WebRequest.of("GET", "/login"));
            String loginCookie = form.header("Set-Cookie").orElseThrow().split(";", 2)[0];
            String body = new String(form.body(), StandardCharsets.UTF_8);
            int at = body.indexOf("name=\"csrf\" value=\"") + "name=\"csrf\" value=\"".length();
            String csrf = body.substring(at, body.indexOf('"', at));
            WebResponse login = console.handle(new WebRequest("POST", "/login", "",
                    Map.of("Cookie", List.of(loginCookie)), ("credential=" + TOKEN + "&csrf=" + csrf)
                    .getBytes(StandardCharsets.UTF_8), Optional.empty()));
            String cookie = login.header("Set-Cookie").orElseThrow().split(";", 2)[0];
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("overview", "/a/acme/");
            pages.put("sender domains", "/a/acme/domains");
            pages.put("domain records", "/a/acme/domains/" + d.name());
            pages.put("sender addresses", "/a/acme/addresses");
            pages.put("templates", "/a/acme/templates");
            pages.put("template", "/a/acme/templates/" + tpl);
            pages.put("groups", "/a/acme/groups");
            pages.put("group", "/a/acme/groups/" + g.id());
            pages.put("tasks", "/a/acme/tasks");
            pages.put("task", "/a/acme/tasks/" + task);
            pages.put("task progress.json", "/a/acme/tasks/" + task + "/progress.json");
            pages.put("statistics (7 days)", "/a/acme/statistics");
            pages.put("statistics settings", "/a/acme/settings");
            pages.put("email status (7 days)", "/a/acme/deliveries");
            pages.put("event timeline", "/a/acme/deliveries/" + one.deliveryId() + "?message=" + one.messageId());
            pages.put("blocklist", "/a/acme/blocklist");
            pages.put("email status, page 2", "/a/acme/deliveries?after=" + java.net.URLEncoder.encode(
                    acme.deliveries().emailStatus(DeliveryQuery.between(clock.instant().minusSeconds(86_400),
                            clock.instant().plusSeconds(1)), dev.ses.core.CursorRequest.first(10)).next()
                            .orElseThrow(), StandardCharsets.UTF_8));
            pages.put("group members", "/a/acme/groups/" + g.id());
            pages.put("callbacks", "/a/acme/callbacks");
            pages.put("queue status", "/a/acme/queue");
            pages.put("opens and clicks (7 days)", "/a/acme/opens");
            pages.put("spam reports (7 days)", "/a/acme/complaints");
            pages.put("bounces (7 days)", "/a/acme/bounces");
            pages.put("unsubscriptions (7 days)", "/a/acme/unsubscriptions");
            Map<String, Double> medians = new LinkedHashMap<>();
            for (Map.Entry<String, String> p : pages.entrySet()) {
                String[] pq = p.getValue().split("\\?", 2);
                WebRequest get = new WebRequest("GET", pq[0], pq.length > 1 ? pq[1] : "",
                        Map.of("Cookie", List.of(cookie)), new byte[0], Optional.empty());
                double[] ms = new double[ROUNDS];
                for (int i = 0; i < WARMUP + ROUNDS; i++) {
                    long s = System.nanoTime();
                    WebResponse r = console.handle(get);
                    long e = System.nanoTime();
                    if (r.status() != 200) {
                        throw new IllegalStateException(p.getKey() + " answered " + r.status());
                    }
                    if (i >= WARMUP) {
                        ms[i - WARMUP] = (e - s) / 1e6;
                    }
                }
                Arrays.sort(ms);
                medians.put(p.getKey(), ms[ROUNDS / 2]);
            }
            return medians;
        } finally {
            store.close();
        }
    }
}
