package dev.ses.core.spi;

import java.util.Optional;

/** Send requests: the shared part of a send or task run. */
public interface RequestRepository {
    /**
     * Inserts a request, unless one of the same account holds the same idempotency key.
     *
     * @param request the accepted request
     * @return the request now stored under that key: the given one, or the earlier one
     */
    MailRequest insertIfAbsent(MailRequest request);

    /**
     * {@return the request with this id, whatever its account (the dispatcher's lookup)}
     *
     * @param id the request's id
     */
    Optional<MailRequest> get(String id);

    /**
     * {@return the request with this id in this account}
     *
     * @param account the account's name
     * @param id the request's id
     */
    default Optional<MailRequest> get(String account, String id) {
        return get(id).filter(r -> r.account().equals(account));
    }
}
