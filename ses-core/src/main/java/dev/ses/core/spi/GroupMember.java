package dev.ses.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stored recipient of a group.
 *
 * @param id the store's identifier, increasing in the order of insertion
 * @param groupId the group
 * @param email the normalised address ({@code local@lower-case-domain})
 * @param variables the recipient's own variables, in column order
 */
public record GroupMember(long id, long groupId, String email, Map<String, String> variables) {
    /**
     * Checks and copies the fields.
     *
     * @param id the store's identifier, increasing in the order of insertion
     * @param groupId the group
     * @param email the normalised address ({@code local@lower-case-domain})
     * @param variables the recipient's own variables, in column order
     */
    public GroupMember {
        Objects.requireNonNull(email, "email");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
}
