package dev.ses.core.internal.dns;

import dev.ses.core.spi.DnsAnswer;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.TxtRecord;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a domain's SPF policy authorises one configured sending path, the way a receiver would
 * evaluate it for mail coming from that path (RFC 7208 sections 4.6 and 5): terms are read left to right, the
 * first mechanism that matches the path decides, {@code include:} and {@code redirect=} are followed, and at most
 * {@value #LOOKUP_LIMIT} terms that cost a DNS lookup may be evaluated before the result becomes a permanent
 * error.
 *
 * <p>The path is not an IP address but a mechanism ({@code include:spf.relay.example}, {@code ip4:192.0.2.0/28},
 * ...): a published mechanism matches it when it is the same include, {@code a:} or {@code mx:} host, or an
 * {@code ip4:}/{@code ip6:} network that covers it. Mechanisms that depend on the connecting address in ways
 * that cannot be known here ({@code a}, {@code mx}, {@code ptr}, {@code exists} with other targets) never match
 * but still count toward the lookup limit. Not thread-confined: one instance per evaluation.
 */
final class SpfEvaluator {
    /** RFC 7208 section 4.6.4. */
    static final int LOOKUP_LIMIT = 10;

    /** How an evaluation ends. */
    enum Outcome {
        /** The path is authorised (qualifier {@code +}). */
        PASS,
        /** The path is not authorised: no match, or matched with {@code -}, {@code ~} or {@code ?}. */
        NOT_AUTHORISED,
        /** The domain publishes no SPF record. */
        NONE,
        /** The policy is broken: several records, a syntax error, too many lookups, an include without record. */
        PERMERROR,
        /** A lookup failed; try again later. */
        TEMPERROR
    }

    /**
     * The result of an evaluation.
     *
     * @param outcome how it ended
     * @param detail a clause saying why, for the advice sentence
     * @param plusAll whether a {@code +all} was reached, which authorises every host on the internet
     * @param lookups how many lookup-costing terms were evaluated
     */
    record Result(Outcome outcome, String detail, boolean plusAll, int lookups) {
    }

    private final DnsResolver resolver;
    private final Target target;
    private int lookups;
    private boolean plusAll;

    private SpfEvaluator(DnsResolver resolver, Target target) {
        this.resolver = resolver;
        this.target = target;
    }

    /** Evaluates the policy of a domain for a configured mechanism such as {@code include:spf.relay.example}. */
    static Result evaluate(DnsResolver resolver, String domain, String mechanism) {
        SpfEvaluator e = new SpfEvaluator(resolver, Target.parse(mechanism));
        Step step = e.check(DnsNames.normalize(domain));
        return new Result(step.outcome, step.detail, e.plusAll, e.lookups);
    }

    /** The SPF records among the TXT records of a name (RFC 7208 section 4.5). */
    static List<String> spfRecords(List<TxtRecord> records) {
        List<String> spf = new ArrayList<>();
        for (TxtRecord r : records) {
            String text = r.text();
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.equals("v=spf1") || lower.startsWith("v=spf1 ")) {
                spf.add(text);
            }
        }
        return spf;
    }

    /**
     * A domain's SPF record extended to authorise one more path: the mechanism goes right after the version, where it
     * is evaluated first (moved there if it stood later, unreached), and every other term stays, so the senders the
     * record authorises today still pass. A {@code +all} (or bare {@code all}) becomes {@code ~all}: it lets any host
     * pass, and verification refuses it. A record of the version alone gets {@code ~all}.
     */
    static String withMechanism(String record, String mechanism) {
        String[] terms = record.strip().split("[ \t]+");
        StringBuilder b = new StringBuilder("v=spf1 ").append(mechanism);
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i];
            if (term.equalsIgnoreCase(mechanism) || term.equalsIgnoreCase("+" + mechanism)) {
                continue;
            }
            if (term.equalsIgnoreCase("all") || term.equalsIgnoreCase("+all")) {
                term = "~all";
            }
            b.append(' ').append(term);
        }
        return terms.length == 1 ? b.append(" ~all").toString() : b.toString();
    }

    private record Step(Outcome outcome, String detail) {
    }

    private Step check(String domain) {
        DnsAnswer<TxtRecord> answer = resolver.txt(domain);
        if (answer.failed()) {
            return new Step(Outcome.TEMPERROR, "the TXT lookup of " + domain + " failed ("
                    + answer.status() + answer.error().map(m -> ": " + m).orElse("") + ")");
        }
        List<String> records = spfRecords(answer.records());
        if (records.isEmpty()) {
            return new Step(Outcome.NONE, domain + " publishes no SPF record");
        }
        if (records.size() > 1) {
            return new Step(Outcome.PERMERROR, domain + " publishes " + records.size()
                    + " SPF records, which is an error (RFC 7208 section 4.5)");
        }
        String[] terms = records.get(0).strip().split("[ \t]+");
        // A +all anywhere in a record on the path is unsafe even when the path matches before it: it makes every
        // other host on the internet pass as well.
        for (int i = 1; i < terms.length; i++) {
            if (terms[i].equalsIgnoreCase("all") || terms[i].equalsIgnoreCase("+all")) {
                plusAll = true;
            }
        }
        String redirect = null;
        boolean hasAll = false;
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i];
            int eq = term.indexOf('=');
            int colon = term.indexOf(':');
            int slash = term.indexOf('/');
            if (eq > 0 && (colon < 0 || eq < colon) && (slash < 0 || eq < slash)) {
                String name = term.substring(0, eq).toLowerCase(Locale.ROOT);
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        return new Step(Outcome.PERMERROR, domain + " has two redirect= modifiers");
                    }
                    redirect = term.substring(eq + 1);
                }
                continue; // exp= and unknown modifiers do not change the result (RFC 7208 section 6)
            }
            char qualifier = '+';
            String mechanism = term;
            if ("+-~?".indexOf(term.charAt(0)) >= 0) {
                qualifier = term.charAt(0);
                mechanism = term.substring(1);
            }
            int sep = indexOfAny(mechanism, ":/");
            String name = (sep < 0 ? mechanism : mechanism.substring(0, sep)).toLowerCase(Locale.ROOT);
            String arg = sep >= 0 && mechanism.charAt(sep) == ':' ? mechanism.substring(sep + 1) : "";
            switch (name) {
                case "all" -> {
                    hasAll = true;
                    if (qualifier == '+') {
                        plusAll = true;
                        return new Step(Outcome.PASS, "+all in the SPF record of " + domain);
                    }
                    return new Step(Outcome.NOT_AUTHORISED, "the path is not listed before " + qualifier
                            + "all in the SPF record of " + domain);
                }
                case "include" -> {
                    if (arg.isEmpty()) {
                        return new Step(Outcome.PERMERROR, "include without a domain in the SPF record of " + domain);
                    }
                    if (!countLookup()) {
                        return tooManyLookups(term);
                    }
                    Step sub = check(DnsNames.normalize(arg));
                    if (target.matchesInclude(arg) && (sub.outcome == Outcome.PASS
                            || sub.outcome == Outcome.NOT_AUTHORISED)) {
                        // The configured include is the relay's own policy: it lists the relay's addresses, so it
                        // matches mail from the relay; it only had to be reachable and valid.
                        return decide(qualifier, term, domain);
                    }
                    switch (sub.outcome) {
                        case PERMERROR, TEMPERROR -> {
                            return sub;
                        }
                        case NONE -> {
                            return new Step(Outcome.PERMERROR, "include:" + arg + " in the SPF record of " + domain
                                    + " points at a domain without SPF record");
                        }
                        case PASS -> {
                            Step step = decide(qualifier, term, domain);
                            return step.outcome == Outcome.PASS
                                    ? new Step(Outcome.PASS, term + " -> " + sub.detail) : step;
                        }
                        default -> {
                            // NOT_AUTHORISED: the include does not match; go on with the next term.
                        }
                    }
                }
                case "a", "mx", "ptr", "exists" -> {
                    if (!countLookup()) {
                        return tooManyLookups(term);
                    }
                    if (target.matchesHost(name, arg)) {
                        return decide(qualifier, term, domain);
                    }
                }
                case "ip4", "ip6" -> {
                    Optional<Network> network = Network.parse(name, arg);
                    if (network.isEmpty()) {
                        return new Step(Outcome.PERMERROR, "'" + term + "' in the SPF record of " + domain
                                + " is not a valid network");
                    }
                    if (target.network.isPresent() && network.get().covers(target.network.get())) {
                        return decide(qualifier, term, domain);
                    }
                }
                default -> {
                    return new Step(Outcome.PERMERROR, "'" + term + "' in the SPF record of " + domain
                            + " is not an SPF mechanism");
                }
            }
        }
        if (redirect != null && !hasAll) {
            if (!countLookup()) {
                return tooManyLookups("redirect=" + redirect);
            }
            Step sub = check(DnsNames.normalize(redirect));
            if (sub.outcome == Outcome.NONE) {
                return new Step(Outcome.PERMERROR, "redirect=" + redirect + " in the SPF record of " + domain
                        + " points at a domain without SPF record");
            }
            return sub;
        }
        return new Step(Outcome.NOT_AUTHORISED, "no mechanism in the SPF record of " + domain
                + " matches the path");
    }

    private Step decide(char qualifier, String term, String domain) {
        if (qualifier == '+') {
            return new Step(Outcome.PASS, term);
        }
        return new Step(Outcome.NOT_AUTHORISED, "the path matches " + term + " in the SPF record of " + domain
                + ", whose qualifier " + qualifier + " does not authorise it");
    }

    private boolean countLookup() {
        lookups++;
        return lookups <= LOOKUP_LIMIT;
    }

    private Step tooManyLookups(String term) {
        return new Step(Outcome.PERMERROR, "reaching " + term + " takes more than " + LOOKUP_LIMIT
                + " DNS lookups, so receivers stop with a permanent error (RFC 7208 section 4.6.4)");
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The configured sending path. */
    private record Target(String kind, String value, Optional<Network> network) {
        static Target parse(String mechanism) {
            int colon = mechanism.indexOf(':');
            String kind = mechanism.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = mechanism.substring(colon + 1);
            Optional<Network> network = kind.equals("ip4") || kind.equals("ip6")
                    ? Network.parse(kind, value) : Optional.empty();
            return new Target(kind, value, network);
        }

        boolean matchesInclude(String domain) {
            return kind.equals("include") && DnsNames.same(value, domain);
        }

        boolean matchesHost(String mechanism, String host) {
            return kind.equals(mechanism) && !host.isEmpty() && DnsNames.same(value, host);
        }
    }

    /** An IPv4 or IPv6 network, written as an address with an optional prefix length. */
    record Network(int bits, BigInteger address, int prefix) {
        static Optional<Network> parse(String kind, String text) {
            String addr = text;
            int bits = kind.equals("ip4") ? 32 : 128;
            int prefix = bits;
            int slash = text.indexOf('/');
            if (slash >= 0) {
                addr = text.substring(0, slash);
                String p = text.substring(slash + 1);
                if (!p.matches("\\d{1,3}")) {
                    return Optional.empty();
                }
                prefix = Integer.parseInt(p);
                if (prefix > bits) {
                    return Optional.empty();
                }
            }
            // Only literals reach InetAddress, so parsing never turns into a DNS lookup.
            boolean literal = kind.equals("ip4")
                    ? addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    : addr.contains(":") && addr.matches("[0-9A-Fa-f:.]+");
            if (!literal) {
                return Optional.empty();
            }
            try {
                byte[] bytes = InetAddress.getByName(addr).getAddress();
                if (bytes.length * 8 != bits) {
                    return Optional.empty();
                }
                return Optional.of(new Network(bits, new BigInteger(1, bytes), prefix));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }

        /** Whether every address of the other network is in this one. */
        boolean covers(Network other) {
            if (other.bits != bits || other.prefix < prefix) {
                return false;
            }
            int shift = bits - prefix;
            return address.shiftRight(shift).equals(other.address.shiftRight(shift));
        }
    }
}
