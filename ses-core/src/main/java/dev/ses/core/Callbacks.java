package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.callback.CallbackConsumer;
import dev.ses.core.internal.callback.CallbackUrls;
import dev.ses.core.internal.callback.WebhookSigner;
import dev.ses.core.spi.CallbackDeliveryRecord;
import dev.ses.core.spi.CallbackRepository;
import dev.ses.core.spi.LoggedEvent;
import dev.ses.core.spi.MailRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An account's callback addresses: where its events are posted, as the reproduced service's JSON, signed as the
 * Standard Webhooks specification says, retried for about three days and replayable. One address for the account,
 * and one per sender address, which takes that sender's events instead. None by default: no events are posted.
 * Thread-safe. Obtain through {@link SesAccount#callbacks()}.
 *
 * <p>Each request carries {@code webhook-id} (the same on every attempt and replay of an event, for deduplication),
 * {@code webhook-timestamp} (seconds) and {@code webhook-signature} ({@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the address's {@code whsec_} secret; during a rotation's grace, two signatures).
 * An answer 2xx acknowledges; anything else (another status, a redirect, a timeout, a reset) is retried.
 */
public final class Callbacks {
    private static final int MAX_LIST = 100;
    private static final Duration MAX_GRACE = Duration.ofDays(7);
    private static final int REPLAY_PAGE = 500;

    private final Engine engine;
    private final CallbackPolicy policy;
    private final Runnable wake;
    private final String account;

    Callbacks(Engine engine, CallbackPolicy policy, Runnable wake, String account) {
        this.engine = engine;
        this.policy = policy;
        this.wake = wake;
        this.account = account;
    }

    private CallbackRepository repo() {
        return engine.store().callbacks();
    }

    /**
     * Sets the account's address, for every event, keeping the secret if one was set before.
     *
     * @param url the absolute http or https URL events are posted to
     * @return the address as stored
     * @throws SesException INVALID_CALLBACK naming the URL and the rule it breaks
     */
    public CallbackAddress setAccountAddress(String url) {
        return set(Optional.empty(), url, EnumSet.allOf(CallbackEvent.class));
    }

    /**
     * Sets the account's address for some events, keeping the secret if one was set before.
     *
     * @param url the absolute http or https URL events are posted to
     * @param events which events are posted
     * @return the address as stored
     * @throws SesException INVALID_CALLBACK naming the URL and the rule it breaks, INVALID_ARGUMENT for no events
     */
    public CallbackAddress setAccountAddress(String url, Set<CallbackEvent> events) {
        return set(Optional.empty(), url, events);
    }

    /**
     * Sets a sender address's own address, for every event: it takes that sender's events instead of the account's.
     *
     * @param senderAddress the sender address ({@code local@domain}) of this account
     * @param url the absolute http or https URL events are posted to
     * @return the address as stored
     * @throws SesException NOT_FOUND (sender address), INVALID_CALLBACK naming the URL and the rule it breaks
     */
    public CallbackAddress setSenderAddress(String senderAddress, String url) {
        return set(Optional.of(sender(senderAddress)), url, EnumSet.allOf(CallbackEvent.class));
    }

    /**
     * Sets a sender address's own address for some events (its other events are then not posted at all).
     *
     * @param senderAddress the sender address ({@code local@domain}) of this account
     * @param url the absolute http or https URL events are posted to
     * @param events which of the sender's events are posted
     * @return the address as stored
     * @throws SesException NOT_FOUND (sender address), INVALID_CALLBACK naming the URL and the rule it breaks,
     *                      INVALID_ARGUMENT for no events
     */
    public CallbackAddress setSenderAddress(String senderAddress, String url, Set<CallbackEvent> events) {
        return set(Optional.of(sender(senderAddress)), url, events);
    }

    private CallbackAddress set(Optional<String> sender, String url, Set<CallbackEvent> events) {
        if (events == null || events.isEmpty() || events.contains(null)) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "events must name at least one CallbackEvent: "
                    + events);
        }
        CallbackUrls.check(policy, url);
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
            Optional<CallbackAddress> existing = repo().addressFor(account, sender);
            if (existing.isPresent()) {
                return repo().saveAddress(existing.get().withTarget(url, events));
            }
            return repo().saveAddress(new CallbackAddress(0, account, sender, url, events, WebhookSigner.newSecret(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now));
        });
    }

    private String sender(String senderAddress) {
        Objects.requireNonNull(senderAddress, "senderAddress");
        String email = senderAddress.strip();
        return engine.store().addresses().byEmail(account, email)
                .or(() -> engine.store().addresses().byEmail(account, email.toLowerCase(java.util.Locale.ROOT)))
                .orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND, "sender address '" + senderAddress
                        + "' does not exist in account " + account)).email();
    }

    /** {@return the account's own address, if set} */
    public Optional<CallbackAddress> accountAddress() {
        return repo().addressFor(account, Optional.empty());
    }

    /**
     * {@return a sender address's own address, if set (not the account's, which applies when it has none)}
     *
     * @param senderAddress the sender address ({@code local@domain}) of this account
     * @throws SesException NOT_FOUND (sender address)
     */
    public Optional<CallbackAddress> senderAddress(String senderAddress) {
        return repo().addressFor(account, Optional.of(sender(senderAddress)));
    }

    /** {@return every address of the account: its own first, then the sender addresses'} */
    public List<CallbackAddress> list() {
        return repo().addresses(account);
    }

    /**
     * {@return an address by id}
     *
     * @param id the callback address's id
     * @throws SesException NOT_FOUND
     */
    public CallbackAddress get(long id) {
        return repo().address(account, id).orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND,
                "callback address " + id + " does not exist in account " + account));
    }

    /**
     * Deletes the account's own address with its deliveries; returns whether there was one.
     *
     * @return whether the account had its own address
     */
    public boolean deleteAccountAddress() {
        return accountAddress().map(a -> repo().deleteAddress(account, a.id())).orElse(false);
    }

    /**
     * Deletes a sender address's own address with its deliveries; returns whether there was one.
     *
     * @param senderAddress the sender address ({@code local@domain}) of this account
     * @return whether the sender address had its own address
     * @throws SesException NOT_FOUND (sender address)
     */
    public boolean deleteSenderAddress(String senderAddress) {
        return senderAddress(senderAddress).map(a -> repo().deleteAddress(account, a.id())).orElse(false);
    }

    /**
     * Gives an address a new secret. The old one goes on signing too (a second signature) for the grace period, so
     * receivers can switch without losing a request.
     *
     * @param id the callback address's id
     * @param grace 0 to 7 days
     * @return the address with its new secret
     * @throws SesException NOT_FOUND, INVALID_ARGUMENT for another grace
     */
    public CallbackAddress rotateSecret(long id, Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "grace must be between 0 and 7 days: " + grace);
        }
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> repo().saveAddress(get(id).withSecret(WebhookSigner.newSecret(),
                now.plus(grace))));
    }

    /**
     * {@return deliveries of an address in a state, by id, with their attempts}
     *
     * @param addressId the callback address's id
     * @param state the state the deliveries must be in
     * @param afterId 0 for the first page, else the last id of the page before
     * @param limit 1 to 100
     * @throws SesException NOT_FOUND (address), INVALID_ARGUMENT for another limit
     */
    public List<CallbackDelivery> deliveries(long addressId, CallbackDeliveryState state, long afterId, int limit) {
        Objects.requireNonNull(state, "state");
        if (limit < 1 || limit > MAX_LIST) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "limit must be 1.." + MAX_LIST + ": " + limit);
        }
        get(addressId);
        List<CallbackDeliveryRecord> rows = repo().deliveries(addressId, state, afterId, limit);
        Map<Long, List<CallbackAttempt>> attempts = repo().attempts(rows.stream().map(CallbackDeliveryRecord::id)
                .toList());
        return rows.stream().map(r -> new CallbackDelivery(r.id(), r.addressId(), r.webhookId(), r.event(),
                r.eventAt(), r.body(), r.state(), r.nextAttemptAt(), attempts.getOrDefault(r.id(), List.of())))
                .toList();
    }

    /**
     * Sends one dead-lettered delivery again, now, with the whole retry schedule before it.
     *
     * @param deliveryId the dead-lettered delivery's id
     * @throws SesException NOT_FOUND (delivery), INVALID_STATE if it is not dead-lettered
     */
    public void replay(long deliveryId) {
        CallbackDeliveryRecord d = repo().delivery(account, deliveryId).orElseThrow(() -> new SesException(
                ErrorCode.NOT_FOUND, "callback delivery " + deliveryId + " does not exist in account " + account));
        if (d.state() != CallbackDeliveryState.DEAD) {
            throw new SesException(ErrorCode.INVALID_STATE, "callback delivery " + deliveryId + " is " + d.state()
                    + ", not DEAD: only a dead-lettered delivery is replayed");
        }
        repo().requeueDead(d.addressId(), Optional.of(deliveryId), engine.clock().instant());
        wake.run();
    }

    /**
     * Sends every dead-lettered delivery of an address again, now.
     *
     * @param addressId the callback address's id
     * @return how many
     * @throws SesException NOT_FOUND (address)
     */
    public int replayDeadLetters(long addressId) {
        get(addressId);
        int n = repo().requeueDead(addressId, Optional.empty(), engine.clock().instant());
        if (n > 0) {
            wake.run();
        }
        return n;
    }

    /**
     * Sends again every event that happened from {@code from} (inclusive) to {@code to} (exclusive) and that this
     * address takes (its kinds; for the account's address, the senders without one of their own), whether it was
     * delivered, dead-lettered or never queued (set later). Only events the log still keeps can be replayed. Reads
     * the log from its start, page by page.
     *
     * @param addressId the callback address's id
     * @param from the first instant of the span (inclusive)
     * @param to the end of the span (exclusive)
     * @return how many deliveries were queued
     * @throws SesException NOT_FOUND (address), INVALID_ARGUMENT if {@code to} is not after {@code from}
     */
    public int replay(long addressId, Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "to must be after from: " + from + " .. " + to);
        }
        CallbackAddress address = get(addressId);
        CallbackConsumer consumer = new CallbackConsumer(engine);
        Map<String, Optional<CallbackAddress>> routes = new HashMap<>();
        Map<List<String>, Optional<MailRequest>> requests = new HashMap<>();
        Instant now = engine.clock().instant();
        int queued = 0;
        long after = 0;
        List<LoggedEvent> page;
        while (!(page = engine.store().events().after(after, REPLAY_PAGE)).isEmpty()) {
            List<CallbackDeliveryRecord> batch = new ArrayList<>();
            for (LoggedEvent logged : page) {
                SesEvent e = logged.event();
                if (!e.account().equals(account) || e.at().isBefore(from) || !e.at().isBefore(to)) {
                    continue;
                }
                Optional<CallbackAddress> route = routes.computeIfAbsent(e.from(),
                        k -> consumer.addressOf(account, e.from()));
                if (route.isPresent() && route.get().id() == address.id()) {
                    consumer.delivery(address, logged, requests, now).ifPresent(batch::add);
                }
            }
            if (!batch.isEmpty()) {
                queued += repo().enqueueAgain(batch);
            }
            after = page.get(page.size() - 1).seq();
        }
        if (queued > 0) {
            wake.run();
        }
        return queued;
    }

    @Override
    public String toString() {
        return "Callbacks[" + account + "]";
    }
}
