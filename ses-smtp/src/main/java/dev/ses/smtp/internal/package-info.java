/**
 * The machinery behind {@link dev.ses.smtp.SmtpTransport}: MIME writing, DKIM signing, connection pooling and
 * reply classification. Not API: these types change without notice.
 */
package dev.ses.smtp.internal;
