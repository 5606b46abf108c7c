/**
 * The machinery behind {@link dev.ses.smtp.SmtpTransport} and {@link dev.ses.smtp.DnsJavaResolver}: MIME writing,
 * DKIM signing, connection pooling, reply classification and DNS exchanges. Not API: these types change without
 * notice.
 */
package dev.ses.smtp.internal;
