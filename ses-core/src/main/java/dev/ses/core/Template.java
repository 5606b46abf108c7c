package dev.ses.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail template: a Mustache body with {@code {{variables}}}.
 *
 * @param id the store's identifier
 * @param account the owning account
 * @param name a name for people, unique in the account
 * @param type HTML or plain text
 * @param body the Mustache body
 * @param summary an optional description
 * @param variables the variable names the body uses, sorted
 * @param createdAt when the template was created
 * @param updatedAt when it was last changed
 */
public record Template(long id, String account, String name, TemplateType type, String body,
                       Optional<String> summary, List<String> variables, Instant createdAt, Instant updatedAt) {
    /**
     * Checks and copies the fields.
     *
     * @param id the store's identifier
     * @param account the owning account
     * @param name a name for people, unique in the account
     * @param type HTML or plain text
     * @param body the Mustache body
     * @param summary an optional description
     * @param variables the variable names the body uses, sorted
     * @param createdAt when the template was created
     * @param updatedAt when it was last changed
     */
    public Template {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(summary, "summary");
        variables = List.copyOf(variables);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
