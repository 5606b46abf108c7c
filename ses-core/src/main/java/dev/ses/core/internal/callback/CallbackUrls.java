package dev.ses.core.internal.callback;

import dev.ses.core.CallbackPolicy;
import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of a callback URL: at the door (syntax, scheme, host, user-info, fragment, port, and the addresses its
 * host resolves to now), and before every attempt (the addresses it resolves to then, so that a name moved to a
 * private address later is refused too).
 */
public final class CallbackUrls {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_LENGTH = 2_000;

    private CallbackUrls() {
    }

    /**
     * Checks a URL at the door. A host name that does not resolve yet is accepted (its records may come later);
     * one that resolves to a refused address is not.
     *
     * @return the URL, parsed
     * @throws SesException INVALID_CALLBACK naming the URL and the rule it breaks
     */
    public static URI check(CallbackPolicy policy, String url) {
        if (url == null || url.isBlank()) {
            throw invalid(String.valueOf(url), "a URL is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid(url.substring(0, 100) + "...", "it must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(url, "it is not a valid URL (" + e.getReason() + ")");
        }
        if (!uri.isAbsolute() || uri.getScheme() == null) {
            throw invalid(url, "it must be absolute, starting with http:// or https://");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(url, "its scheme must be http or https, not " + uri.getScheme());
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(url, "it must not carry a user name or password");
        }
        String host = host(uri);
        if (host.isEmpty()) {
            throw invalid(url, "it must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(url, "it must not have a fragment (#...)");
        }
        int port = port(uri);
        if (!policy.ports().contains(port)) {
            throw invalid(url, "its port " + port + " is not allowed (allowed: " + policy.ports() + ")");
        }
        List<InetAddress> addresses;
        try {
            addresses = literal(host).map(List::of).orElseGet(() -> resolveOrEmpty(policy, host));
        } catch (RuntimeException e) {
            throw invalid(url, "its host is not a valid address");
        }
        for (InetAddress a : addresses) {
            Optional<String> refused = refusal(policy, a);
            if (refused.isPresent()) {
                throw invalid(url, "its host " + host + " " + (literal(host).isPresent() ? "is" : "resolves to")
                        + " " + refused.get());
            }
        }
        return uri;
    }

    /**
     * Why an attempt to this URL may not go ahead now, if it may not: its host does not resolve, or resolves to a
     * refused address. Blocks for the resolution.
     */
    public static Optional<String> refusalBeforeAttempt(CallbackPolicy policy, URI uri) {
        String host = host(uri);
        List<InetAddress> addresses;
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            addresses = List.of(literal.get());
        } else {
            try {
                addresses = policy.resolver().resolve(host);
            } catch (UnknownHostException e) {
                return Optional.of("refused: host " + host + " does not resolve");
            }
        }
        for (InetAddress a : addresses) {
            Optional<String> refused = refusal(policy, a);
            if (refused.isPresent()) {
                return Optional.of("refused: host " + host + " resolves to " + refused.get());
            }
        }
        return Optional.empty();
    }

    private static List<InetAddress> resolveOrEmpty(CallbackPolicy policy, String host) {
        try {
            return policy.resolver().resolve(host);
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    /** Why this address is refused by the policy, described: {@code 127.0.0.1, a loopback address}. */
    static Optional<String> refusal(CallbackPolicy policy, InetAddress a) {
        String text = a.getHostAddress();
        if (a.isLoopbackAddress()) {
            return policy.loopbackAllowed() ? Optional.empty() : Optional.of(text + ", a loopback address");
        }
        if (policy.privateNetworksAllowed()) {
            return Optional.empty();
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of(text + ", the wildcard address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of(text + ", a link-local address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of(text + ", a multicast address");
        }
        if (a.isSiteLocalAddress() || uniqueLocal(a) || sharedOrReserved(a)) {
            return Optional.of(text + ", a private address");
        }
        return Optional.empty();
    }

    /** IPv6 unique local addresses, fc00::/7. */
    private static boolean uniqueLocal(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    /** IPv4 0.0.0.0/8 and the carrier-grade NAT range 100.64.0.0/10. */
    private static boolean sharedOrReserved(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return false;
        }
        byte[] b = a.getAddress();
        return b[0] == 0 || ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
    }

    /** The URL's host without IPv6 brackets, lower case; empty if none. */
    static String host(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return "";
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** The URL's port, or its scheme's default. */
    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** The host as an address if it is an IP literal (parsed without any lookup). */
    private static Optional<InetAddress> literal(String host) {
        if (!IPV4.matcher(host).matches() && host.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + host, e);
        }
    }

    private static SesException invalid(String url, String rule) {
        return new SesException(ErrorCode.INVALID_CALLBACK, "callback URL '" + url + "' is refused: " + rule);
    }
}
