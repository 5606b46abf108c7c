package dev.ses.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the tracking and unsubscribe URLs of an account's or a sender domain's messages point, and what an
 * unsubscription stops. A sender domain's setup, when set, wins over its account's; without a base URL anywhere
 * (here or {@link Ses.Builder#trackingBaseUrl}), messages carry no pixel, no rewritten link and no unsubscribe URL.
 *
 * @param baseUrl the public address of ses's endpoints, such as {@code https://track.acme.example} (HTTPS is
 *                assumed; plain HTTP is accepted for a host's own tests), without query or fragment
 * @param unsubscribeScope what an unsubscription stops
 */
public record TrackingSetup(Optional<String> baseUrl, UnsubscribeScope unsubscribeScope) {
    /** No base URL of its own, unsubscriptions per sender domain. */
    public static final TrackingSetup DEFAULT = new TrackingSetup(Optional.empty(), UnsubscribeScope.SENDER_DOMAIN);

    /**
     * Checks the fields; the base URL loses a trailing {@code /}.
     *
     * @param baseUrl the public address of ses's endpoints, such as {@code https://track.acme.example} (HTTPS is
     *         assumed; plain HTTP is accepted for a host's own tests), without query or fragment
     * @param unsubscribeScope what an unsubscription stops
     * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL with a host, or has a query,
     *                                  a fragment or user information, or is longer than 200 characters
     */
    public TrackingSetup {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(unsubscribeScope, "unsubscribeScope");
        baseUrl = baseUrl.map(TrackingSetup::checkBaseUrl);
    }

    /**
     * {@return this setup with another base URL}
     *
     * @param url the public address of ses's endpoints, such as {@code https://track.acme.example}
     */
    public TrackingSetup withBaseUrl(String url) {
        return new TrackingSetup(Optional.of(url), unsubscribeScope);
    }

    /**
     * {@return this setup with another unsubscribe scope}
     *
     * @param scope what an unsubscription stops
     */
    public TrackingSetup withUnsubscribeScope(UnsubscribeScope scope) {
        return new TrackingSetup(baseUrl, scope);
    }

    /**
     * Checks a base URL and drops a trailing slash.
     *
     * @throws IllegalArgumentException naming the value when it is not acceptable
     */
    static String checkBaseUrl(String url) {
        Objects.requireNonNull(url, "baseUrl");
        if (url.length() > 200) {
            throw new IllegalArgumentException("baseUrl must be at most 200 characters: " + url.length());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl is not a URL: '" + url + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must be an https URL with a host and no query, fragment or "
                    + "user: '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
