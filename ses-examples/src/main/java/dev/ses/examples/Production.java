package dev.ses.examples;

import dev.ses.core.DomainPolicy;
import dev.ses.core.Ses;
import dev.ses.core.spi.DnsResolver;
import dev.ses.core.spi.MailTransport;
import dev.ses.smtp.DnsJavaResolver;
import dev.ses.smtp.SmtpTransport;
import dev.ses.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.util.Base64;

/** What to set for production: a durable store, real SMTP and DNS, your sending path, and encrypted DKIM keys. */
public final class Production {
    private Production() {
    }

    /** The instance for this application; the caller closes it, then the store. */
    public static Ses build(JdbcStore store, MailTransport transport, DnsResolver dns, byte[] keyEncryptionKey) {
        return Ses.builder()
                .store(store)
                .transport(transport)
                .dns(dns)
                .domainPolicy(DomainPolicy.defaults()
                        .withSpfMechanism("include:spf.relay.example")   // what your relay tells you to include
                        .withMxHost("bounces.acme.example"))            // where the return path's mail goes
                .keyEncryptionKey(keyEncryptionKey)                     // DKIM private keys AES-GCM encrypted at rest
                .build();
    }

    /** Runs until stopped, sending what the application queues. */
    public static void main(String[] args) throws InterruptedException {
        byte[] key = Base64.getDecoder().decode(System.getenv("SES_KEY_ENCRYPTION_KEY"));  // 32 bytes, kept elsewhere
        SmtpTransport smtp = SmtpTransport.relay("smtp.relay.example", 587).requireStartTls()
                .auth(System.getenv("SMTP_USER"), System.getenv("SMTP_PASSWORD")).build();
        // Resources close in reverse order: Ses first (it drains its threads and closes the transport), then the store.
        try (JdbcStore store = JdbcStore.h2(Path.of("ses-data"));
             Ses ses = build(store, smtp, DnsJavaResolver.system(), key)) {
            System.out.println(ses.health());
            Thread.currentThread().join();
        }
    }
}
