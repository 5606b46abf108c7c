package dev.ses.core.internal;

import dev.ses.core.DomainPolicy;
import dev.ses.core.SesLimits;
import dev.ses.core.SesListener;
import dev.ses.core.VerificationOptions;
import dev.ses.core.internal.crypto.KeyCipher;
import dev.ses.core.spi.DkimKey;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MailTransport;
import dev.ses.core.spi.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every part of one {@code Ses} instance shares: its settings, SPIs and the template support. Immutable.
 *
 * @param store the store
 * @param transport the transport
 * @param dns the DNS resolver, if configured
 * @param clock the clock
 * @param limits the limits
 * @param domainPolicy what sender domains publish
 * @param listeners who hears events
 * @param node this instance's name in leases
 * @param claimSize how many messages one claim takes
 * @param lease how long a claim holds a message
 * @param templates the template compiler
 * @param verification which DNS checks are required, and the re-check schedule
 * @param cipher what encrypts DKIM private keys in the store, if the application gave a key
 * @param quotas the daily quotas, warm-up and rate limits
 * @param eventRetention how long the event log keeps an event
 * @param dailyStatisticsRetention how long the daily statistics are kept
 * @param hourlyStatisticsRetention how long the hourly statistics are kept
 * @param returnPaths what signs and checks the return paths reports come back to
 */
public record Engine(Store store, MailTransport transport, Optional<DnsResolver> dns, Clock clock, SesLimits limits,
                     DomainPolicy domainPolicy, List<SesListener> listeners, String node, int claimSize,
                     Duration lease, TemplateSupport templates, VerificationOptions verification,
                     Optional<KeyCipher> cipher, dev.ses.core.QuotaPolicy quotas, Duration eventRetention,
                     Duration dailyStatisticsRetention, Duration hourlyStatisticsRetention,
                     ReturnPaths returnPaths) {
    /** Copies the listeners. */
    public Engine {
        listeners = List.copyOf(listeners);
    }

    /** A key as the store keeps it: its private key encrypted when the application gave a key. */
    public DkimKey seal(DkimKey key) {
        if (cipher.isEmpty()) {
            return key;
        }
        return new DkimKey(key.domainId(), key.selector(), key.algorithm(),
                cipher.get().encrypt(key.privateKey(), context(key)), key.publicKey(), key.active(), key.createdAt());
    }

    /**
     * A key as the store kept it, made usable: its private key decrypted.
     *
     * @throws dev.ses.core.SesException STORE_ERROR if it does not decrypt (another key, or tampered)
     */
    public DkimKey open(DkimKey stored) {
        if (cipher.isEmpty()) {
            return stored;
        }
        try {
            return new DkimKey(stored.domainId(), stored.selector(), stored.algorithm(),
                    cipher.get().decrypt(stored.privateKey(), context(stored)), stored.publicKey(), stored.active(),
                    stored.createdAt());
        } catch (RuntimeException e) {
            throw new dev.ses.core.SesException(dev.ses.core.ErrorCode.STORE_ERROR, "the DKIM key of domain "
                    + stored.domainId() + " selector " + stored.selector() + " does not decrypt with the key given "
                    + "to Ses.builder().keyEncryptionKey(...)", e);
        }
    }

    private static byte[] context(DkimKey key) {
        return ("dkim:" + key.domainId() + ":" + key.selector()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
