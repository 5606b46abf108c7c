/**
 * What speaks a mail wire format for ses: MIME, DKIM signing, the SMTP transport and the dnsjava resolver.
 * Exports {@code dev.ses.smtp} only; {@code dev.ses.smtp.internal} is not exported.
 */
module dev.ses.smtp {
    exports dev.ses.smtp;

    requires transitive dev.ses.core;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires org.dnsjava;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    requires static org.jspecify;
}
