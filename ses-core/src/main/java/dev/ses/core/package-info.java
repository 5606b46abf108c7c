/**
 * ses: an embedded Simple Email Service. The public API.
 *
 * <h2>A short tour</h2>
 * <ul>
 *   <li>{@link dev.ses.core.Ses} is built once per application with {@link dev.ses.core.Ses#builder()} (store,
 *       transport, DNS resolver, clock, limits, quotas, listeners) and closed on shutdown.</li>
 *   <li>{@link dev.ses.core.SesAccount}, from {@code ses.account(name)} or {@code ses.defaultAccount()}, groups the
 *       services the way a cloud console does: {@link dev.ses.core.SenderDomains domains},
 *       {@link dev.ses.core.SenderAddresses addresses}, {@link dev.ses.core.Templates templates},
 *       {@link dev.ses.core.SesAccount#send send}, {@link dev.ses.core.RecipientGroups groups},
 *       {@link dev.ses.core.SendTasks tasks}, {@link dev.ses.core.Quotas quotas},
 *       {@link dev.ses.core.Statistics statistics} (with its {@link dev.ses.core.StatisticsSettings settings}),
 *       {@link dev.ses.core.Deliveries deliveries} (email status with timelines, the delivery response lists and
 *       the real-time queue, paged by key with {@link dev.ses.core.CursorRequest}), the
 *       {@link dev.ses.core.Blocklist blocklist} and {@link dev.ses.core.Exports exports} (CSV, streamed). One
 *       account never sees another's objects.</li>
 *   <li>Values are records ({@link dev.ses.core.SenderDomain}, {@link dev.ses.core.SendRequest},
 *       {@link dev.ses.core.DeliveryStatus}...); settings are records with {@code withX} copies
 *       ({@link dev.ses.core.SesLimits}, {@link dev.ses.core.QuotaPolicy}, {@link dev.ses.core.DomainPolicy},
 *       {@link dev.ses.core.VerificationOptions}).</li>
 *   <li>A refused call throws {@link dev.ses.core.SesException} with a stable {@link dev.ses.core.ErrorCode} and
 *       changes nothing. Delivery outcomes are data: {@link dev.ses.core.MessageState}, and
 *       {@link dev.ses.core.SesEvent}s for {@link dev.ses.core.SesListener}s.</li>
 *   <li>{@link dev.ses.core.InMemoryStore} and {@link dev.ses.core.StaticDnsResolver} are the in-memory
 *       implementations of the SPIs in {@link dev.ses.core.spi}; the test fixtures are in
 *       {@link dev.ses.core.testing}.</li>
 * </ul>
 * Packages named {@code internal} are not API.
 */
@NullMarked
package dev.ses.core;

import org.jspecify.annotations.NullMarked;
