package dev.ses.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * Who uses the console, as the host's {@link ConsoleAuthenticator} names them.
 *
 * @param name the host's name for the user (for the log and the form tokens; never shown unescaped)
 * @param accounts the accounts the user may see; the console shows those of them its settings also name
 */
public record ConsolePrincipal(String name, List<String> accounts) {
    /**
     * Checks the fields and copies the list.
     *
     * @param name the host's name for the user (for the log and the form tokens; never shown unescaped)
     * @param accounts the accounts the user may see; the console shows those of them its settings also name
     * @throws IllegalArgumentException for a blank name
     */
    public ConsolePrincipal {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: a principal needs a name");
        }
        accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
    }
}
