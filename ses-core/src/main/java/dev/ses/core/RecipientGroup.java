package dev.ses.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A list of recipients with their own variables, filled from CSV files and used by batch tasks.
 *
 * @param id the store's identifier
 * @param account the owning account
 * @param name a name unique in the account
 * @param description a description for people, may be empty
 * @param variables the variable columns, fixed by the first import (empty before it)
 * @param recipients how many recipients it holds
 * @param createdAt when it was created
 */
public record RecipientGroup(long id, String account, String name, String description, List<String> variables,
                             long recipients, Instant createdAt) {
    /**
     * Checks and copies the fields.
     *
     * @param id the store's identifier
     * @param account the owning account
     * @param name a name unique in the account
     * @param description a description for people, may be empty
     * @param variables the variable columns, fixed by the first import (empty before it)
     * @param recipients how many recipients it holds
     * @param createdAt when it was created
     */
    public RecipientGroup {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        variables = List.copyOf(variables);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * {@return a copy with other variables and count}
     *
     * @param newVariables the variable columns, fixed by the first import (empty before it)
     * @param newRecipients how many recipients it holds
     */
    public RecipientGroup withContents(List<String> newVariables, long newRecipients) {
        return new RecipientGroup(id, account, name, description, newVariables, newRecipients, createdAt);
    }
}
