package dev.ses.core;

import dev.ses.core.internal.Engine;

/**
 * One account's view of ses: its domains, addresses, templates, sending, blocklist and delivery status. Nothing
 * here can see or use another account's objects. Thread-safe and cheap: obtain one with {@link Ses#account(String)}
 * whenever needed.
 */
public final class SesAccount {
    private final Engine engine;
    private final Runnable wake;
    private final String name;
    private final CallbackPolicy callbackPolicy;

    SesAccount(Engine engine, Runnable wake, String name) {
        this(engine, wake, name, CallbackPolicy.defaults());
    }

    SesAccount(Engine engine, Runnable wake, String name, CallbackPolicy callbackPolicy) {
        this.engine = engine;
        this.wake = wake;
        this.name = name;
        this.callbackPolicy = callbackPolicy;
    }

    /** {@return the account's name} */
    public String name() {
        return name;
    }

    /** {@return the account's sender domains: create, verify, list and delete them} */
    public SenderDomains domains() {
        return new SenderDomains(engine, name);
    }

    /** {@return the account's sender addresses} */
    public SenderAddresses addresses() {
        return new SenderAddresses(engine, name);
    }

    /** {@return the account's templates} */
    public Templates templates() {
        return new Templates(engine, name);
    }

    /** {@return the account's recipient groups and their members} */
    public RecipientGroups groups() {
        return new RecipientGroups(engine, name);
    }

    /** {@return the account's batch tasks: one-off, scheduled and recurring sends to a group} */
    public SendTasks tasks() {
        return new SendTasks(engine, name, wake);
    }

    /** {@return the account's quotas and warm-up} */
    public Quotas quotas() {
        return new Quotas(engine, name);
    }

    /** {@return the blocklist} */
    public Blocklist blocklist() {
        return new Blocklist(engine, name);
    }

    /** {@return the account's sending and tracking statistics, and their settings} */
    public Statistics statistics() {
        return new Statistics(engine, name);
    }

    /** {@return where the account's tracking and unsubscribe URLs point, and what an unsubscription stops} */
    public TrackingSetups trackingSetup() {
        return new TrackingSetups(engine, name);
    }

    /** {@return the delivery status of the account's messages, per recipient} */
    public Deliveries deliveries() {
        return new Deliveries(engine, name);
    }

    /** {@return the account's callback addresses (where events are posted) and their deliveries} */
    public Callbacks callbacks() {
        return new Callbacks(engine, callbackPolicy, wake, name);
    }

    /** {@return the account's lists and statistics as streamed CSV files} */
    public Exports exports() {
        return new Exports(engine, name);
    }

    /**
     * Accepts a regular send and queues it; returns at once, before delivery. Every To recipient sees the others;
     * Bcc recipients are not shown. Everything is checked first: a refused send queues nothing.
     *
     * @param request what to send, from whom, to whom
     * @return the message id (query it with {@link Deliveries#byMessage(String)}) and whether it was a duplicate
     *         of an earlier send with the same idempotency key, which then sent nothing
     * @throws SesException NOT_FOUND (sender address, template), DOMAIN_NOT_VERIFIED, TEMPLATE_VARIABLES_MISMATCH,
     *                      TEMPLATE_DATA_INVALID, INVALID_EMAIL_ADDRESS, RECIPIENT_LIMIT_EXCEEDED, INVALID_HEADER,
     *                      ATTACHMENT_LIMIT_EXCEEDED, QUOTA_EXCEEDED (today's quota of the domain or account
     *                      cannot take every recipient)
     */
    public SendReceipt send(SendRequest request) {
        SendReceipt receipt = new Sending(engine, name).send(request);
        if (!receipt.duplicate()) {
            wake.run();
        }
        return receipt;
    }

    @Override
    public String toString() {
        return "SesAccount[" + name + "]";
    }
}
