package dev.ses.core.internal.dns;

import java.util.Locale;
import java.util.Set;

/** Comparison and shaping of domain names as DNS sees them: case-insensitive, trailing dot optional. */
final class DnsNames {
    /**
     * Second-level labels under which registries hand out names (as in {@code example.co.uk}). Without the Public
     * Suffix List this is an approximation that covers the common country-code registries.
     */
    private static final Set<String> REGISTRY_SECOND_LEVELS =
            Set.of("co", "com", "net", "org", "gov", "edu", "ac", "ne", "or", "go", "gob", "mil", "nic");

    private DnsNames() {
    }

    /** The name in lower case without trailing dot. */
    static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Whether two names are the same DNS name. */
    static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    /**
     * The organizational domain of a name (RFC 7489 section 3.2), approximated without the Public Suffix List: the
     * last two labels, or the last three when the name sits under a known registry second level such as
     * {@code co.uk}.
     */
    static String organizationalDomain(String name) {
        String[] labels = normalize(name).split("\\.");
        if (labels.length <= 2) {
            return String.join(".", labels);
        }
        String tld = labels[labels.length - 1];
        String second = labels[labels.length - 2];
        int keep = tld.length() == 2 && REGISTRY_SECOND_LEVELS.contains(second) ? 3 : 2;
        keep = Math.min(keep, labels.length);
        return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep, labels.length));
    }
}
