package dev.ses.core;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where an account's events are posted: the account's own address, or one sender address's, which takes priority
 * for mail from that sender.
 *
 * @param id the address's identifier, unique in the store
 * @param account the owning account
 * @param senderAddress the sender mailbox it is for, empty for the account-level address
 * @param url the absolute http or https URL events are posted to
 * @param events which events are posted (never empty)
 * @param secret the {@code whsec_} secret that signs each request (Standard Webhooks)
 * @param previousSecret the secret before the last rotation, which still signs until {@code previousSecretUntil}
 * @param previousSecretUntil when the previous secret stops signing
 * @param failuresSince when the current run of failed attempts began, empty after a success
 * @param failingSince when the endpoint was marked failing (a day of failures), empty while it is not
 * @param createdAt when it was first set; events from before it are not posted
 */
public record CallbackAddress(long id, String account, Optional<String> senderAddress, String url,
                              Set<CallbackEvent> events, String secret, Optional<String> previousSecret,
                              Optional<Instant> previousSecretUntil, Optional<Instant> failuresSince,
                              Optional<Instant> failingSince, Instant createdAt) {
    /**
     * Checks and copies the fields.
     *
     * @param id the address's identifier, unique in the store
     * @param account the owning account
     * @param senderAddress the sender mailbox it is for, empty for the account-level address
     * @param url the absolute http or https URL events are posted to
     * @param events which events are posted (never empty)
     * @param secret the {@code whsec_} secret that signs each request (Standard Webhooks)
     * @param previousSecret the secret before the last rotation, which still signs until {@code previousSecretUntil}
     * @param previousSecretUntil when the previous secret stops signing
     * @param failuresSince when the current run of failed attempts began, empty after a success
     * @param failingSince when the endpoint was marked failing (a day of failures), empty while it is not
     * @param createdAt when it was first set; events from before it are not posted
     */
    public CallbackAddress {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(senderAddress, "senderAddress");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("events must not be empty");
        }
        events = Set.copyOf(EnumSet.copyOf(events));
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(previousSecret, "previousSecret");
        Objects.requireNonNull(previousSecretUntil, "previousSecretUntil");
        Objects.requireNonNull(failuresSince, "failuresSince");
        Objects.requireNonNull(failingSince, "failingSince");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@return whether the endpoint has failed every attempt for a day or more (it is then tried less often)} */
    public boolean failing() {
        return failingSince.isPresent();
    }

    /**
     * {@return whether this address is posted this kind of event}
     *
     * @param event the kind of event
     */
    public boolean wants(CallbackEvent event) {
        return events.contains(event);
    }

    /**
     * {@return the secrets that sign a request at a time: the current one, and the previous one during its grace}
     *
     * @param now the instant of signing
     */
    public java.util.List<String> signingSecrets(Instant now) {
        if (previousSecret.isPresent() && previousSecretUntil.isPresent() && now.isBefore(previousSecretUntil.get())) {
            return java.util.List.of(secret, previousSecret.get());
        }
        return java.util.List.of(secret);
    }

    /**
     * {@return a copy with another URL and choice of events}
     *
     * @param newUrl the absolute http or https URL events are posted to
     * @param newEvents which events are posted (never empty)
     */
    public CallbackAddress withTarget(String newUrl, Set<CallbackEvent> newEvents) {
        return new CallbackAddress(id, account, senderAddress, newUrl, newEvents, secret, previousSecret,
                previousSecretUntil, failuresSince, failingSince, createdAt);
    }

    /**
     * {@return a copy with a new secret, the current one kept as the previous one until {@code graceUntil}}
     *
     * @param newSecret the new {@code whsec_} secret
     * @param graceUntil until when the current secret goes on signing
     */
    public CallbackAddress withSecret(String newSecret, Instant graceUntil) {
        return new CallbackAddress(id, account, senderAddress, url, events, newSecret, Optional.of(secret),
                Optional.of(graceUntil), failuresSince, failingSince, createdAt);
    }

    /**
     * {@return a copy with another failure record}
     *
     * @param newFailuresSince when the current run of failed attempts began, empty after a success
     * @param newFailingSince when the endpoint was marked failing (a day of failures), empty while it is not
     */
    public CallbackAddress withHealth(Optional<Instant> newFailuresSince, Optional<Instant> newFailingSince) {
        return new CallbackAddress(id, account, senderAddress, url, events, secret, previousSecret,
                previousSecretUntil, newFailuresSince, newFailingSince, createdAt);
    }

    /**
     * {@return a copy with its identifier}
     *
     * @param newId the address's identifier, unique in the store
     */
    public CallbackAddress withId(long newId) {
        return new CallbackAddress(newId, account, senderAddress, url, events, secret, previousSecret,
                previousSecretUntil, failuresSince, failingSince, createdAt);
    }

    /** Leaves the secrets out. */
    @Override
    public String toString() {
        return "CallbackAddress[id=" + id + ", account=" + account + ", senderAddress=" + senderAddress.orElse("*")
                + ", url=" + url + ", events=" + events + ", failing=" + failing() + "]";
    }
}
