package dev.ses.smtp.internal;

import dev.ses.core.spi.DnsResolver;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The checked settings of an SMTP transport.
 *
 * @param relayHost the relay, empty for direct delivery
 * @param port the server port
 * @param resolver the resolver for direct delivery, empty for a relay
 * @param tls how TLS is used
 * @param user the AUTH user, if any
 * @param password the AUTH password (empty when there is no user)
 * @param sslContext where TLS trust and keys come from
 * @param checkServerIdentity whether the server certificate must name the host connected to
 * @param connectTimeout TCP connect timeout
 * @param readTimeout the longest wait for a reply to a command
 * @param dataTimeout the longest wait for the reply to the end of data (the final dot)
 * @param writeTimeout the longest a write may block
 * @param poolSize connections per destination
 * @param maxMessagesPerConnection messages per connection before it is replaced
 * @param idleTimeout how long an unused connection stays open
 * @param heloName the name given in EHLO, empty for the local host name
 */
public record SmtpSettings(Optional<String> relayHost, int port, Optional<DnsResolver> resolver, Tls tls,
                           Optional<String> user, String password, SSLContext sslContext,
                           boolean checkServerIdentity, Duration connectTimeout, Duration readTimeout,
                           Duration dataTimeout, Duration writeTimeout, int poolSize, int maxMessagesPerConnection,
                           Duration idleTimeout, Optional<String> heloName) {
    /** How TLS is used. */
    public enum Tls {
        /** Plain SMTP. */
        NONE,
        /** STARTTLS when the server offers it. */
        STARTTLS,
        /** STARTTLS or no connection. */
        STARTTLS_REQUIRED,
        /** TLS from the first byte (SMTPS, usually port 465). */
        IMPLICIT
    }

    /** Checks the fields. */
    public SmtpSettings {
        Objects.requireNonNull(relayHost, "relayHost");
        Objects.requireNonNull(resolver, "resolver");
        if (relayHost.isPresent() == resolver.isPresent()) {
            throw new IllegalArgumentException("exactly one of relayHost and resolver must be set");
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(dataTimeout, "dataTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(heloName, "heloName");
    }

    /** Whether messages go to the recipients' MX hosts rather than a relay. */
    public boolean direct() {
        return resolver.isPresent();
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + relayHost.map(h -> "relay " + h + ":" + port).orElse("direct, port " + port)
                + ", tls=" + tls + ", user=" + user.orElse("-") + ", pool=" + poolSize + "x"
                + maxMessagesPerConnection + "]";
    }
}
