package dev.ses.core.internal.dns;

import dev.ses.core.CheckStatus;
import dev.ses.core.DnsRecord;
import dev.ses.core.DnsRecordType;
import dev.ses.core.DomainPolicy;
import dev.ses.core.DomainStatus;
import dev.ses.core.DomainVerification;
import dev.ses.core.RecordCheck;
import dev.ses.core.SenderDomain;
import dev.ses.core.VerificationOptions;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MxRecord;
import dev.ses.core.spi.TxtRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the DNS records of a sender domain against what ses needs to send as it, as strictly as the mailbox
 * providers that will judge the mail: SPF (RFC 7208), DKIM (RFC 6376), DMARC (RFC 7489), the return-path MX, and
 * whether the domain already receives mail elsewhere.
 *
 * <p>Every check yields a {@link RecordCheck} with a sentence a person can act on. The status of the result
 * follows from the required checks ({@link VerificationOptions}): all pass → {@link DomainStatus#VERIFIED}; one
 * fails because a record is missing, wrong or broken → a verified domain becomes {@link DomainStatus#FAILED},
 * other domains keep their status (a pending domain fails only when its window closes, see
 * {@link RecheckSchedule}); a lookup failure (SERVFAIL, timeout) proves nothing, so the status stays as it was.
 *
 * <p>Decisions beyond the RFCs:
 * <ul>
 *   <li>An SPF policy that reaches {@code +all} is {@link CheckStatus#ERROR}: it lets any host on the internet
 *       send as the domain and pass SPF (and so DMARC through SPF alignment), and providers treat it as a spam
 *       sign. The domain is not verified until it is replaced by {@code ~all} or {@code -all}.</li>
 *   <li>ses sends with {@code d=} and the return path at the sender domain itself, so DMARC alignment of DKIM and
 *       SPF follows from their checks passing; the organizational domain is approximated without the Public
 *       Suffix List.</li>
 *   <li>A DKIM record without {@code v=} is valid (the tag is optional) and yields a warning. One whose {@code p=}
 *       is not a key of its type is {@link CheckStatus#ERROR} (broken), one with a valid key other than ses's is
 *       {@link CheckStatus#MISMATCH}.</li>
 *   <li>A TXT record at {@code _dmarc} with a {@code v=DMARC} or {@code p=} tag is a DMARC record even when
 *       receivers would discard it (version not first, misspelt): it is reported as found and invalid, not as
 *       missing.</li>
 *   <li>A domain that receives mail at other hosts is never advised to add an MX for ses's host, nor to move
 *       ses's ahead of them: that would take part of its mail. A null MX (RFC 7505) is named as such.</li>
 *   <li>A record that is absent because its name does not exist says so (NXDOMAIN).</li>
 * </ul>
 *
 * <p>Thread-safe and without state of its own; blocks on the resolver's lookups.
 */
public final class DomainVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DomainVerifier.class);
    /** CNAME hops followed to reach a DKIM key; providers that host keys use one. */
    private static final int MAX_CNAME_HOPS = 5;
    /** A TXT record meant as DMARC, written in lower case without whitespace: a version or a policy tag. */
    private static final Pattern DMARC_LIKE = Pattern.compile("(^|;)(v=dmarc|p=)");

    private final DnsResolver resolver;

    /** A verifier that looks records up through the given resolver. */
    public DomainVerifier(DnsResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Checks every record of a domain.
     *
     * @param domain the domain, with its current status and active DKIM selector
     * @param keys the domain's DKIM keys: the active one (its selector is {@link SenderDomain#dkimSelector()}) is
     *             required, the others (a key being rotated in or out) are reported only
     * @param policy what the records must say
     * @param options which checks are required
     * @param now when the check runs
     * @return the checks of every record and the status that follows
     */
    public DomainVerification verify(SenderDomain domain, List<DkimKey> keys, DomainPolicy policy,
                                     VerificationOptions options, Instant now) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(now, "now");
        String name = DnsNames.normalize(domain.name());
        List<Finding> findings = new ArrayList<>();

        Finding spf = checkSpf(domain, name, policy, options);
        findings.add(spf);
        Finding activeDkim = checkDkim(domain, name, keys, options, findings);
        findings.add(checkDmarc(domain, name, policy, options, activeDkim, spf));
        DnsAnswer<MxRecord> mxAnswer = resolver.mx(name);
        findings.add(checkMx(domain, name, policy, options, mxAnswer));
        corporateWarning(name, policy, mxAnswer, spf).ifPresent(findings::add);

        DomainStatus status = statusAfter(domain.status(), findings);
        List<RecordCheck> checks = findings.stream().map(Finding::check).toList();
        LOG.debug("Verified {}: {} -> {} ({})", name, domain.status(), status,
                checks.stream().map(c -> c.purpose() + "=" + c.status()).collect(Collectors.joining(", ")));
        return new DomainVerification(name, status, checks, now);
    }

    /**
     * One check and whether its verdict proves anything: a failed lookup is inconclusive, a missing or wrong record
     * is not.
     */
    private record Finding(RecordCheck check, boolean inconclusive) {
        static Finding of(RecordCheck check) {
            return new Finding(check, false);
        }
    }

    private static DomainStatus statusAfter(DomainStatus current, List<Finding> findings) {
        boolean passed = findings.stream().allMatch(f -> f.check().passes());
        if (passed) {
            return DomainStatus.VERIFIED;
        }
        boolean provenWrong = findings.stream().anyMatch(f -> !f.check().passes() && !f.inconclusive());
        if (provenWrong && current == DomainStatus.VERIFIED) {
            return DomainStatus.FAILED;
        }
        return current;
    }

    // ---------------------------------------------------------------- SPF

    private Finding checkSpf(SenderDomain domain, String name, DomainPolicy policy, VerificationOptions options) {
        String mechanism = policy.spfMechanism();
        String expected = expectedValue(domain, DnsRecord.Purpose.SPF).orElse("v=spf1 " + mechanism + " ~all");
        boolean required = options.spfRequired();
        DnsAnswer<TxtRecord> answer = resolver.txt(name);
        if (answer.failed()) {
            return lookupFailed(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected, required, answer);
        }
        List<String> records = SpfEvaluator.spfRecords(answer.records());
        String found = String.join(" | ", records);
        if (records.isEmpty()) {
            return Finding.of(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected, "",
                    CheckStatus.MISSING, required, absence(answer, name, "SPF record") + ": publish a TXT record at "
                            + name + " with the value \"" + expected + "\"."));
        }
        if (records.size() > 1) {
            return Finding.of(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected, found,
                    CheckStatus.ERROR, required,
                    name + " publishes " + records.size() + " SPF records (TXT starting with v=spf1), which"
                            + " receivers treat as a permanent error: merge them into one record that also contains "
                            + mechanism + "."));
        }
        SpfEvaluator.Result result = SpfEvaluator.evaluate(resolver, name, mechanism);
        String record = records.get(0);
        if (result.outcome() == SpfEvaluator.Outcome.NOT_AUTHORISED) {
            // The record serves other senders too: what is expected is that record with ses's path added.
            expected = SpfEvaluator.withMechanism(record, mechanism);
        }
        return switch (result.outcome()) {
            case PASS -> result.plusAll()
                    ? Finding.of(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected, found,
                            CheckStatus.ERROR, required,
                            "The SPF policy of " + name + " contains +all, which lets any"
                                    + " host on the internet send as " + name + ": replace +all with ~all or -all"
                                    + " and keep " + mechanism + "."))
                    : Finding.of(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected, found,
                            CheckStatus.OK, required,
                            "SPF authorises ses to send as " + name + " (through " + result.detail() + ", "
                                    + result.lookups() + " of " + SpfEvaluator.LOOKUP_LIMIT + " lookups)."));
            case NOT_AUTHORISED -> Finding.of(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT,
                    expected, found, CheckStatus.MISMATCH, required,
                    "The SPF record of " + name + " does not authorise " + mechanism + " (" + result.detail()
                            + "): add " + mechanism + " to it, as in \"" + expected + "\"."));
            case PERMERROR -> Finding.of(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected,
                    found, CheckStatus.ERROR, required,
                    "The SPF policy of " + name + " is broken: " + result.detail() + ". Fix it so that it"
                            + " authorises " + mechanism + " within " + SpfEvaluator.LOOKUP_LIMIT
                            + " DNS lookups."));
            case TEMPERROR -> new Finding(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected,
                    found, CheckStatus.ERROR, required,
                    "The SPF policy of " + name + " could not be evaluated because " + result.detail()
                            + "; the check will be repeated."), true);
            case NONE -> Finding.of(new RecordCheck(DnsRecord.Purpose.SPF, name, DnsRecordType.TXT, expected, "",
                    CheckStatus.MISSING, required,
                    "Publish a TXT record at " + name + " with the value \"" + expected + "\"."));
        };
    }

    // ---------------------------------------------------------------- DKIM

    /** Adds one finding per key (the active one first) and returns the active key's finding. */
    private Finding checkDkim(SenderDomain domain, String name, List<DkimKey> keys, VerificationOptions options,
                              List<Finding> findings) {
        String activeSelector = domain.dkimSelector();
        Optional<DkimKey> active = keys.stream()
                .filter(k -> k.selector().equalsIgnoreCase(activeSelector)).findFirst();
        Finding activeFinding;
        if (active.isEmpty()) {
            String recordName = dkimName(activeSelector, name);
            activeFinding = Finding.of(new RecordCheck(DnsRecord.Purpose.DKIM, recordName, DnsRecordType.TXT,
                    expectedValue(domain, DnsRecord.Purpose.DKIM).orElse(""), "", CheckStatus.ERROR,
                    options.dkimRequired(),
                    "No DKIM key with the selector " + activeSelector + " is known for " + name
                            + ": create a key for this selector or activate an existing one."));
        } else {
            activeFinding = checkDkimKey(name, active.get(), options.dkimRequired());
        }
        findings.add(activeFinding);
        keys.stream()
                .filter(k -> !k.selector().equalsIgnoreCase(activeSelector))
                .sorted(Comparator.comparing(DkimKey::createdAt))
                .forEach(k -> findings.add(checkDkimKey(name, k, false)));
        return activeFinding;
    }

    private static String dkimName(String selector, String domain) {
        return DnsNames.normalize(selector) + "._domainkey." + domain;
    }

    private Finding checkDkimKey(String domain, DkimKey key, boolean required) {
        String name = dkimName(key.selector(), domain);
        String expected = key.recordValue();
        String at = name;
        String via = "";
        DnsAnswer<TxtRecord> answer = resolver.txt(at);
        for (int hop = 0; !answer.found(); hop++) {
            if (answer.failed()) {
                return lookupFailed(DnsRecord.Purpose.DKIM, name, DnsRecordType.TXT, expected, required, answer);
            }
            DnsAnswer<String> cname = resolver.cname(at);
            if (cname.failed()) {
                return lookupFailed(DnsRecord.Purpose.DKIM, name, DnsRecordType.CNAME, expected, required, cname);
            }
            if (!cname.found() || hop >= MAX_CNAME_HOPS) {
                String advice = via.isEmpty()
                        ? absence(answer, name, "TXT record") + ": publish a TXT record at " + name
                                + " with the value \"" + expected + "\"."
                        : name + " is a CNAME to " + at + ", which " + lacks(answer, "TXT record")
                                + ": publish a TXT record at " + at + " with the value \"" + expected + "\".";
                return Finding.of(new RecordCheck(DnsRecord.Purpose.DKIM, name, DnsRecordType.TXT, expected, "",
                        CheckStatus.MISSING, required, advice));
            }
            at = DnsNames.normalize(cname.records().get(0));
            via = " through the CNAME to " + at;
            answer = resolver.txt(at);
        }
        List<TxtRecord> records = answer.records();
        if (records.size() > 1) {
            List<TxtRecord> versioned = records.stream().filter(r -> r.text().strip().startsWith("v=DKIM1")).toList();
            if (versioned.size() != 1) {
                String found = records.stream().map(TxtRecord::text).collect(Collectors.joining(" | "));
                return Finding.of(new RecordCheck(DnsRecord.Purpose.DKIM, name, DnsRecordType.TXT, expected, found,
                        CheckStatus.ERROR, required,
                        name + via + " holds " + records.size() + " TXT records and receivers may read any of"
                                + " them: keep only \"" + expected + "\"."));
            }
            records = versioned;
        }
        String found = records.get(0).text();
        return Finding.of(readDkimRecord(name, via, key, expected, found, required));
    }

    private static RecordCheck readDkimRecord(String name, String via, DkimKey key, String expected, String found,
                                              boolean required) {
        TagList tags = TagList.parse(found);
        if (!tags.valid()) {
            return dkim(name, expected, found, CheckStatus.ERROR, required, "The TXT record at " + name + via
                    + " is not a valid DKIM key record (" + tags.error().orElseThrow() + "): replace it with \""
                    + expected + "\".");
        }
        Optional<String> version = tags.get("v");
        if (version.isPresent() && (!version.get().equals("DKIM1") || !tags.firstName().orElse("").equals("v"))) {
            return dkim(name, expected, found, CheckStatus.MISMATCH, required, "The DKIM record at " + name + via
                    + " must start with v=DKIM1 (RFC 6376 section 3.6.1): replace it with \"" + expected + "\".");
        }
        String keyType = tags.get("k").orElse("rsa");
        if (!keyType.equalsIgnoreCase(key.keyType())) {
            return dkim(name, expected, found, CheckStatus.MISMATCH, required, "The DKIM record at " + name + via
                    + " declares k=" + keyType + " but the key ses signs with is k=" + key.keyType()
                    + ": replace it with \"" + expected + "\".");
        }
        Optional<String> hashes = tags.get("h");
        if (hashes.isPresent() && !listContains(hashes.get(), "sha256")) {
            return dkim(name, expected, found, CheckStatus.MISMATCH, required, "The DKIM record at " + name + via
                    + " allows only h=" + hashes.get() + " but ses signs with sha256: remove the h= tag.");
        }
        Optional<String> services = tags.get("s");
        if (services.isPresent() && !listContains(services.get(), "email") && !listContains(services.get(), "*")) {
            return dkim(name, expected, found, CheckStatus.MISMATCH, required, "The DKIM record at " + name + via
                    + " is restricted to s=" + services.get() + ", not email: remove the s= tag.");
        }
        Optional<String> p = tags.get("p");
        if (p.isEmpty()) {
            return dkim(name, expected, found, CheckStatus.ERROR, required, "The DKIM record at " + name + via
                    + " has no p= tag: replace it with \"" + expected + "\".");
        }
        // Folding whitespace may appear inside the base64 of p= (RFC 6376 section 3.6.1); it is not part of the key.
        String publicKey = p.get().replaceAll("\\s+", "");
        if (publicKey.isEmpty()) {
            return dkim(name, expected, found, CheckStatus.MISMATCH, required, "The DKIM key at " + name + via
                    + " is revoked (empty p=), so receivers reject signatures made with it: publish \"" + expected
                    + "\".");
        }
        if (!publicKey.equals(key.publicKey())) {
            String hint = publicKey.length() < key.publicKey().length()
                    ? " (the value found has " + publicKey.length() + " characters, ours " + key.publicKey().length()
                            + ": was it cut or pasted incompletely?)"
                    : "";
            Optional<String> invalid = DkimKeyData.problem(keyType, publicKey);
            if (invalid.isPresent()) {
                return dkim(name, expected, found, CheckStatus.ERROR, required, "The DKIM record at " + name + via
                        + " is invalid: " + invalid.get() + hint + ", so receivers cannot verify any signature"
                        + " with it: publish exactly \"" + expected + "\".");
            }
            return dkim(name, expected, found, CheckStatus.MISMATCH, required, "The DKIM record at " + name + via
                    + " holds a valid " + keyType.toLowerCase(Locale.ROOT) + " key, but not the key ses signs with"
                    + hint + ": publish exactly \"" + expected + "\".");
        }
        if (version.isEmpty()) {
            return dkim(name, expected, found, CheckStatus.WARNING, required, "The DKIM key at " + name + via
                    + " is right; add v=DKIM1 at its start as some receivers expect it.");
        }
        if (tags.get("t").filter(t -> listContains(t, "y")).isPresent()) {
            return dkim(name, expected, found, CheckStatus.WARNING, required, "The DKIM key at " + name + via
                    + " is right but marked for testing (t=y), so receivers may ignore failed signatures: remove"
                    + " t=y once mail is delivered.");
        }
        return dkim(name, expected, found, CheckStatus.OK, required,
                "The DKIM key for the selector " + key.selector() + " is published" + via + ".");
    }

    private static boolean listContains(String colonList, String value) {
        for (String item : colonList.split(":")) {
            if (item.strip().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static RecordCheck dkim(String name, String expected, String found, CheckStatus status,
                                    boolean required, String advice) {
        return new RecordCheck(DnsRecord.Purpose.DKIM, name, DnsRecordType.TXT, expected, found, status, required,
                advice);
    }

    // ---------------------------------------------------------------- DMARC

    private Finding checkDmarc(SenderDomain domain, String name, DomainPolicy policy, VerificationOptions options,
                               Finding dkim, Finding spf) {
        String recordName = "_dmarc." + name;
        String expected = expectedValue(domain, DnsRecord.Purpose.DMARC)
                .orElse("v=DMARC1; p=" + policy.dmarcPolicy());
        boolean required = options.dmarcRequired();
        DnsAnswer<TxtRecord> answer = resolver.txt(recordName);
        if (answer.failed()) {
            return lookupFailed(DnsRecord.Purpose.DMARC, recordName, DnsRecordType.TXT, expected, required, answer);
        }
        List<TxtRecord> candidates = dmarcCandidates(answer);
        String inherited = "";
        String organizational = DnsNames.organizationalDomain(name);
        if (candidates.isEmpty() && !organizational.equals(name)) {
            // RFC 7489 section 6.6.3: without a record at the domain, the organizational domain's policy applies.
            DnsAnswer<TxtRecord> org = resolver.txt("_dmarc." + organizational);
            if (org.failed()) {
                return lookupFailed(DnsRecord.Purpose.DMARC, "_dmarc." + organizational, DnsRecordType.TXT,
                        expected, required, org);
            }
            candidates = dmarcCandidates(org);
            inherited = organizational;
        }
        String found = candidates.stream().map(TxtRecord::text).collect(Collectors.joining(" | "));
        if (candidates.isEmpty()) {
            return Finding.of(new RecordCheck(DnsRecord.Purpose.DMARC, recordName, DnsRecordType.TXT, expected, "",
                    required ? CheckStatus.MISSING : CheckStatus.WARNING, required,
                    absence(answer, recordName, "DMARC record") + ": publish a TXT record at " + recordName
                            + " with the value \"" + expected + "\": without DMARC, providers trust mail from " + name
                            + " less and cannot tell you about forgeries."));
        }
        String where = inherited.isEmpty() ? recordName : "_dmarc." + inherited;
        // Receivers keep only the records that start with v=DMARC1 and apply a policy only when exactly one is left
        // (RFC 7489 section 6.6.3); the others are broken attempts, reported so that they can be fixed or removed.
        List<TxtRecord> kept = candidates.stream().filter(r -> startsWithVersion(r.text())).toList();
        if (kept.size() > 1) {
            return Finding.of(new RecordCheck(DnsRecord.Purpose.DMARC, recordName, DnsRecordType.TXT, expected,
                    found, CheckStatus.ERROR, required,
                    where + " holds " + kept.size() + " DMARC records, so receivers apply none"
                            + " (RFC 7489 section 6.6.3): keep only one."));
        }
        List<TxtRecord> broken = candidates.stream().filter(r -> !kept.contains(r)).toList();
        if (kept.isEmpty() || dmarcProblem(TagList.parse(kept.get(0).text())).isPresent()) {
            TxtRecord first = kept.isEmpty() ? broken.get(0) : kept.get(0);
            String problem = dmarcProblem(TagList.parse(first.text())).orElse("it must start with v=DMARC1");
            return Finding.of(new RecordCheck(DnsRecord.Purpose.DMARC, recordName, DnsRecordType.TXT, expected,
                    found, CheckStatus.ERROR, required,
                    "The DMARC record at " + where + " is invalid (" + problem + "), so receivers ignore"
                            + " it: replace it with \"" + expected + "\"."));
        }
        TagList tags = TagList.parse(kept.get(0).text());
        String applied = inherited.isEmpty()
                ? value(tags, "p").orElseThrow()
                : value(tags, "sp").or(() -> value(tags, "p")).orElseThrow();
        boolean dkimAligned = dkim.check().status() == CheckStatus.OK || dkim.check().status() == CheckStatus.WARNING;
        boolean spfAligned = spf.check().status() == CheckStatus.OK;
        // ses signs with d=<domain> and uses a return path at <domain>: both identifiers equal the From domain, so
        // they align in strict and relaxed mode alike once their own checks pass.
        dkimAligned &= aligned(name, name, value(tags, "adkim").orElse("r"));
        spfAligned &= aligned(name, name, value(tags, "aspf").orElse("r"));
        String alignment;
        if (dkimAligned && spfAligned) {
            alignment = "mail from " + name + " aligns through both DKIM and SPF";
        } else if (dkimAligned) {
            alignment = "mail aligns through DKIM; SPF does not pass yet";
        } else if (spfAligned) {
            alignment = "mail aligns through SPF; DKIM does not pass yet, so forwarded mail will fail DMARC";
        } else {
            alignment = "neither DKIM nor SPF passes yet, so mail from " + name + " fails DMARC";
        }
        String source = inherited.isEmpty() ? "" : " (inherited from " + inherited + ")";
        String advice = "DMARC p=" + applied + source + " is published; " + alignment + "."
                + (applied.equals("none") && dkimAligned && spfAligned
                        ? " Move to p=quarantine or p=reject once the reports show only your own mail." : "");
        if (!broken.isEmpty()) {
            return Finding.of(new RecordCheck(DnsRecord.Purpose.DMARC, recordName, DnsRecordType.TXT, expected,
                    found, CheckStatus.WARNING, required, advice + " " + where + " also holds \""
                            + broken.get(0).text() + "\", which is not a valid DMARC record ("
                            + dmarcProblem(TagList.parse(broken.get(0).text())).orElse("it must start with v=DMARC1")
                            + ") and is ignored: remove it."));
        }
        return Finding.of(new RecordCheck(DnsRecord.Purpose.DMARC, recordName, DnsRecordType.TXT, expected, found,
                CheckStatus.OK, required, advice));
    }

    /**
     * The TXT records that are meant as DMARC records: those with a {@code v=DMARC} tag anywhere or a {@code p=} tag.
     * Receivers discard those that do not start with {@code v=DMARC1} (RFC 7489 section 6.6.3), but a record with the
     * version in second place or a misspelt version is a DMARC record that is broken, not a missing one.
     */
    private static List<TxtRecord> dmarcCandidates(DnsAnswer<TxtRecord> answer) {
        return answer.records().stream()
                .filter(r -> DMARC_LIKE.matcher(r.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", "")).find())
                .toList();
    }

    /** Whether a record starts with {@code v=DMARC1}, the test receivers apply before they read anything else. */
    private static boolean startsWithVersion(String text) {
        TagList tags = TagList.parse(text);
        return tags.valid() && tags.firstName().filter(n -> n.equalsIgnoreCase("v")).isPresent()
                && tags.tags().get(tags.firstName().get()).equals("DMARC1");
    }

    private static Optional<String> value(TagList tags, String name) {
        return tags.tags().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().toLowerCase(Locale.ROOT))
                .findFirst();
    }

    /** What makes a DMARC record invalid, or empty when receivers can apply it. */
    static Optional<String> dmarcProblem(TagList tags) {
        if (!tags.valid()) {
            return tags.error();
        }
        String first = tags.firstName().orElse("");
        if (!first.equalsIgnoreCase("v")) {
            return Optional.of(value(tags, "v").isPresent()
                    ? "its first tag is " + first + "=, but v=DMARC1 must come first"
                    : "it does not start with v=DMARC1");
        }
        String version = tags.tags().get(first);
        if (!version.equals("DMARC1")) {
            return Optional.of(version.matches("DMARC1\\s.*")
                    ? "a ';' is missing after v=DMARC1" : "v=" + version + " is not v=DMARC1");
        }
        Optional<String> p = value(tags, "p");
        if (p.isEmpty()) {
            return Optional.of("p= is missing");
        }
        if (!p.get().matches("none|quarantine|reject")) {
            return Optional.of("p=" + p.get() + " is not none, quarantine or reject");
        }
        Optional<String> sp = value(tags, "sp");
        if (sp.isPresent() && !sp.get().matches("none|quarantine|reject")) {
            return Optional.of("sp=" + sp.get() + " is not none, quarantine or reject");
        }
        for (String mode : List.of("adkim", "aspf")) {
            Optional<String> m = value(tags, mode);
            if (m.isPresent() && !m.get().matches("[rs]")) {
                return Optional.of(mode + "=" + m.get() + " is not r or s");
            }
        }
        Optional<String> pct = value(tags, "pct");
        if (pct.isPresent() && (!pct.get().matches("\\d{1,3}") || Integer.parseInt(pct.get()) > 100)) {
            return Optional.of("pct=" + pct.get() + " is not a number from 0 to 100");
        }
        return Optional.empty();
    }

    /** DMARC identifier alignment (RFC 7489 section 3.1): strict needs equal names, relaxed the same organization. */
    private static boolean aligned(String fromDomain, String authenticated, String mode) {
        if (mode.equals("s")) {
            return DnsNames.same(fromDomain, authenticated);
        }
        return DnsNames.organizationalDomain(fromDomain).equals(DnsNames.organizationalDomain(authenticated));
    }

    // ---------------------------------------------------------------- MX and the corporate-domain warning

    private static Finding checkMx(SenderDomain domain, String name, DomainPolicy policy,
                                   VerificationOptions options, DnsAnswer<MxRecord> answer) {
        String host = DnsNames.normalize(policy.mxHost());
        String expected = domain.records().stream().filter(r -> r.purpose() == DnsRecord.Purpose.MX)
                .map(r -> r.priority() + " " + r.value()).findFirst().orElse("10 " + host);
        boolean required = options.mxRequired();
        CheckStatus wrong = required ? CheckStatus.MISMATCH : CheckStatus.WARNING;
        if (answer.failed()) {
            return lookupFailed(DnsRecord.Purpose.MX, name, DnsRecordType.MX, expected, required, answer);
        }
        String found = describe(answer.records());
        if (!answer.found()) {
            return Finding.of(new RecordCheck(DnsRecord.Purpose.MX, name, DnsRecordType.MX, expected, "",
                    required ? CheckStatus.MISSING : CheckStatus.WARNING, required,
                    absence(answer, name, "MX record") + ": publish an MX record at " + name + " pointing at " + host
                            + " so that bounces sent to the return path reach ses."));
        }
        List<MxRecord> exchanges = answer.records().stream().filter(r -> !r.nullMx()).toList();
        if (exchanges.isEmpty()) {
            // RFC 7505: the domain takes no mail, so no company mail can be lost by pointing its MX at ses.
            return Finding.of(new RecordCheck(DnsRecord.Purpose.MX, name, DnsRecordType.MX, expected, found,
                    wrong, required,
                    name + " publishes a null MX (0 ., RFC 7505): it declares that it receives no mail, so bounces"
                            + " to its return path cannot come back to ses, and receivers may refuse mail from "
                            + name + " for that reason (RFC 7505 section 4.2). Replace the null MX with an MX record"
                            + " pointing at " + host + "."));
        }
        String alongsideNull = exchanges.size() < answer.records().size()
                ? " Remove the null MX (0 .) too: it must not stand beside other MX records (RFC 7505 section 3)."
                : "";
        List<MxRecord> ours = exchanges.stream().filter(r -> DnsNames.same(r.host(), host)).toList();
        if (ours.isEmpty()) {
            // Never advise an MX for ses here: it would take its share of the mail that the domain receives today.
            return Finding.of(new RecordCheck(DnsRecord.Purpose.MX, name, DnsRecordType.MX, "", found,
                    wrong, required,
                    name + " receives its mail at " + hosts(exchanges) + ", so bounces to the return path go there,"
                            + " not to ses. Do not add an MX record for " + host + " at " + name + ": it would take"
                            + " part of the mail sent to " + name + ". Feed the bounces that arrive there to ses, or"
                            + " send from a subdomain such as " + subdomain(name) + " whose MX points at " + host
                            + "." + alongsideNull));
        }
        int best = exchanges.stream().mapToInt(MxRecord::preference).min().orElseThrow();
        int oursBest = ours.stream().mapToInt(MxRecord::preference).min().orElseThrow();
        if (oursBest > best) {
            List<MxRecord> before = exchanges.stream().filter(r -> r.preference() < oursBest).toList();
            return Finding.of(new RecordCheck(DnsRecord.Purpose.MX, name, DnsRecordType.MX, expected, found,
                    CheckStatus.WARNING, required,
                    "Bounces to the return path of " + name + " go first to " + hosts(before) + " and reach " + host
                            + " only when those do not answer. If they receive mail for " + name + ", keep them"
                            + " and send from a subdomain such as " + subdomain(name) + "; if they do not, give "
                            + host + " the lowest preference number." + alongsideNull));
        }
        return Finding.of(new RecordCheck(DnsRecord.Purpose.MX, name, DnsRecordType.MX, expected, found,
                alongsideNull.isEmpty() ? CheckStatus.OK : CheckStatus.WARNING, required,
                "Bounces to the return path of " + name + " reach " + host + "." + alongsideNull));
    }

    /**
     * A domain that already receives mail elsewhere and whose SPF record would have to change is the mailbox domain
     * of a company: editing its records risks the company's own mail, so a subdomain is safer.
     */
    private static Optional<Finding> corporateWarning(String name, DomainPolicy policy, DnsAnswer<MxRecord> mx,
                                                      Finding spf) {
        List<MxRecord> exchanges = mx.records().stream().filter(r -> !r.nullMx()).toList();
        if (exchanges.isEmpty() || exchanges.stream().anyMatch(r -> DnsNames.same(r.host(), policy.mxHost()))) {
            return Optional.empty();
        }
        CheckStatus spfStatus = spf.check().status();
        boolean spfMustChange = spfStatus == CheckStatus.MISSING || spfStatus == CheckStatus.MISMATCH
                || (spfStatus == CheckStatus.ERROR && !spf.inconclusive());
        if (!spfMustChange) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(new RecordCheck(DnsRecord.Purpose.MX, name, DnsRecordType.MX, "",
                describe(mx.records()), CheckStatus.WARNING, false,
                name + " already receives mail at " + hosts(exchanges) + " and its SPF record would have to"
                        + " change: send from a subdomain such as " + subdomain(name) + " instead, so that the"
                        + " records ses needs do not conflict with the mail the domain receives today.")));
    }

    /**
     * A subdomain of the domain to send from instead of it: {@code mail.<domain>}, or {@code send.<domain>} when the
     * domain is itself a {@code mail.} subdomain. Always below the domain, never beside it, so that it is the owner's
     * to create.
     */
    static String subdomain(String domain) {
        String name = DnsNames.normalize(domain);
        return (name.startsWith("mail.") ? "send." : "mail.") + name;
    }

    /** MX records as {@code preference host}, a null MX as {@code 0 .}. */
    private static String describe(List<MxRecord> records) {
        return records.stream().sorted(Comparator.comparingInt(MxRecord::preference))
                .map(r -> r.preference() + " " + (r.nullMx() ? "." : DnsNames.normalize(r.host())))
                .collect(Collectors.joining(", "));
    }

    private static String hosts(List<MxRecord> records) {
        return records.stream().filter(r -> !r.nullMx()).sorted(Comparator.comparingInt(MxRecord::preference))
                .map(r -> DnsNames.normalize(r.host())).distinct().collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------- common

    /** Why an answer holds no record, as the start of an advice: a name that does not exist is said so. */
    private static String absence(DnsAnswer<?> answer, String name, String what) {
        return (answer.status() == DnsAnswer.Status.NXDOMAIN ? "The name " : "") + name + " " + lacks(answer, what);
    }

    private static String lacks(DnsAnswer<?> answer, String what) {
        return answer.status() == DnsAnswer.Status.NXDOMAIN ? "does not exist in DNS (NXDOMAIN)" : "has no " + what;
    }

    private static Optional<String> expectedValue(SenderDomain domain, DnsRecord.Purpose purpose) {
        return domain.records().stream().filter(r -> r.purpose() == purpose).map(DnsRecord::value).findFirst();
    }

    private static Finding lookupFailed(DnsRecord.Purpose purpose, String name, DnsRecordType type, String expected,
                                        boolean required, DnsAnswer<?> answer) {
        String why = answer.status() == DnsAnswer.Status.TIMEOUT ? "no DNS server answered in time"
                : answer.status() == DnsAnswer.Status.SERVFAIL ? "the DNS server failed (SERVFAIL)"
                : "the lookup failed" + answer.error().map(e -> " (" + e + ")").orElse("");
        return new Finding(new RecordCheck(purpose, name, type, expected, "", CheckStatus.ERROR, required,
                "The " + type + " lookup of " + name + " could not be completed: " + why + ". Check that the"
                        + " domain's name servers answer; the check will be repeated."), true);
    }
}
