/**
 * Internal: the rules of sender-domain verification (SPF, DKIM, DMARC, MX) applied to answers from a
 * {@link dev.ses.core.spi.DnsResolver}, the records a new domain is told to publish (fitted to what it publishes
 * already), and the schedule of automatic re-checks. Not part of the API; may change in
 * any release.
 */
@NullMarked
package dev.ses.core.internal.dns;

import org.jspecify.annotations.NullMarked;
