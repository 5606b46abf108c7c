/**
 * What speaks a mail wire format for ses: MIME, DKIM signing, the SMTP transport, the dnsjava resolver, the
 * parsing of bounce and complaint reports and the inbound SMTP listener that receives them.
 * Exports {@code dev.ses.smtp} only; {@code dev.ses.smtp.internal} is not exported.
 */
module dev.ses.smtp {
    exports dev.ses.smtp;

    requires transitive dev.ses.core;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires org.eclipse.angus.mail.dsn;
    // SubEthaSMTP ships no module name of its own: the name derives from its jar's.
    requires subethasmtp;
    requires org.dnsjava;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    requires static org.jspecify;
}
