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
 * <p>Types in {@code dev.ses.smtp.internal} are not API and change without notice.
 */
@NullMarked
package dev.ses.smtp;

import org.jspecify.annotations.NullMarked;
