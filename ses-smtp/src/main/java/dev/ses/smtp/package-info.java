/**
 * Sending real mail: {@link dev.ses.smtp.SmtpTransport}, a {@link dev.ses.core.spi.MailTransport} that renders each
 * message as MIME, signs it with DKIM ({@code rsa-sha256} or {@code ed25519-sha256}) and delivers it over pooled
 * SMTP connections, through a relay ({@link dev.ses.smtp.SmtpTransport#relay}) or straight to the recipients' MX
 * hosts ({@link dev.ses.smtp.SmtpTransport#direct}).
 *
 * <pre>{@code
 * MailTransport smtp = SmtpTransport.relay("smtp.example.org", 587)
 *         .requireStartTls()
 *         .auth(user, password)
 *         .poolSize(4)
 *         .build();
 * }</pre>
 *
 * <p>Reading what comes back: {@link dev.ses.smtp.MailReports#parser()} reads delivery status notifications,
 * complaint feedback reports, automatic replies and plain-text bounces for {@code Ses.ingest}, and
 * {@link dev.ses.smtp.InboundListener} is an embedded SMTP server for the return-path domains' MX that stores each
 * report before it answers {@code 250}.
 *
 * <p>Types in {@code dev.ses.smtp.internal} are not API and change without notice.
 */
@NullMarked
package dev.ses.smtp;

import org.jspecify.annotations.NullMarked;
