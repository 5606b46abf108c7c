package dev.ses.core.spi;

import dev.ses.core.WebRequest;
import java.util.Optional;

/**
 * The host's own authentication of the console, for a host that mounts {@code Ses.console(settings)} in its own
 * server behind its own login: given a request, it says who makes it and which accounts that person may see, or
 * refuses it. With it set ({@code ConsoleSettings.Builder.hostAuthentication}), the console has no login page and
 * no session of its own; each request is asked about.
 *
 * <pre>{@code
 * ConsoleAuthenticator auth = request -> request.header("X-Authenticated-User")   // set by the host's proxy
 *         .map(user -> new ConsolePrincipal(user, List.of("acme")));
 * }</pre>
 *
 * <p>Contract: thread-safe; called once per console request, on the server's thread, so it should answer quickly
 * (it may read the host's session store). It must not trust what the client alone could forge. A principal sees
 * only the accounts both it and the console settings name. An exception it throws is a 500 answer.
 */
@FunctionalInterface
public interface ConsoleAuthenticator {
    /**
     * Who makes a request.
     *
     * @param request the request as the host's server received it
     * @return the principal with the accounts it may see, or empty to refuse the request (403)
     */
    Optional<ConsolePrincipal> authenticate(WebRequest request);
}
