/**
 * The machinery behind {@link dev.ses.smtp.SmtpTransport} and {@link dev.ses.smtp.DnsJavaResolver}: MIME writing,
 * DKIM signing, connection pooling, reply classification and DNS exchanges. Not API: these types change without
 * notice.
 */
@NullMarked
package dev.ses.smtp.internal;

import org.jspecify.annotations.NullMarked;
