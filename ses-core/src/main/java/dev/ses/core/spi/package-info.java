/**
 * The service provider interfaces: what a module or an application plugs into ses.
 *
 * <ul>
 *   <li>{@link dev.ses.core.spi.Store}: where everything is kept, one repository per aggregate, transactions, and
 *       the queue's {@code claim}. Implementations pass the contract tests of ses-core's test-jar.</li>
 *   <li>{@link dev.ses.core.spi.MailTransport}: rendered messages in ({@link dev.ses.core.spi.OutboundMail}),
 *       per-recipient outcomes out ({@link dev.ses.core.spi.RecipientResult}), later feedback through
 *       {@link dev.ses.core.spi.TransportContext}.</li>
 *   <li>{@link dev.ses.core.spi.DnsResolver}: TXT, MX, CNAME and address lookups with statuses that tell
 *       failures apart.</li>
   <li>{@link dev.ses.core.spi.ConsoleAuthenticator}: the host's own login in front of the console.</li>
 * </ul>
 * Each interface states its thread-safety and blocking contract.
 */
@NullMarked
package dev.ses.core.spi;

import org.jspecify.annotations.NullMarked;
