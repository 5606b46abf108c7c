package dev.ses.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one send or task allows of tracking, on top of the account's and sender domain's switches
 * ({@link StatisticsSettings}): a switch off here turns the pixel or the link rewriting off for this message even
 * where counting is on (a transactional mail, a recipient who gave no consent); on here leaves the switches to
 * decide. {@code listUnsubscribe} asks for the {@code List-Unsubscribe} headers and the {@code {{unsubscribe_url}}}
 * link: bulk mail carries them.
 *
 * <p>A consent variable decides per recipient: a task's group column (or shared variable), or a regular send's
 * variable, whose value, trimmed and in any case, must be {@code yes}, {@code true}, {@code on}, {@code y} or
 * {@code 1} for that recipient's copy to get the pixel and rewritten links; any other value, the empty one included,
 * turns both off for that copy (its unsubscribe headers stay). The variable need not appear in the template.
 *
 * @param opens whether an open pixel may be added
 * @param clicks whether links may be rewritten to count clicks
 * @param listUnsubscribe whether the message carries one-click unsubscribe (RFC 8058) headers
 * @param consentVariable the variable whose value allows each recipient's tracking, if any
 */
public record MessageTracking(boolean opens, boolean clicks, boolean listUnsubscribe,
                             Optional<String> consentVariable) {
    /** A regular send's default: opens and clicks as the switches say, no unsubscribe headers. */
    public static final MessageTracking DEFAULT = new MessageTracking(true, true, false);
    /** A task's default: opens and clicks as the switches say, with unsubscribe headers. */
    public static final MessageTracking BULK = new MessageTracking(true, true, true);
    /** No pixel, no rewritten link, no unsubscribe headers. */
    public static final MessageTracking NONE = new MessageTracking(false, false, false);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> CONSENTING = Set.of("yes", "y", "true", "on", "1");

    /**
     * Checks the fields.
     *
     * @param opens whether an open pixel may be added
     * @param clicks whether links may be rewritten to count clicks
     * @param listUnsubscribe whether the message carries one-click unsubscribe (RFC 8058) headers
     * @param consentVariable the variable whose value allows each recipient's tracking, if any
     * @throws IllegalArgumentException if the consent variable is not 1 to 64 letters, digits, {@code _}, {@code .}
     *                                  or {@code -}, or is {@code unsubscribe_url}
     */
    public MessageTracking {
        Objects.requireNonNull(consentVariable, "consentVariable");
        consentVariable.ifPresent(name -> {
            if (!NAME.matcher(name).matches() || name.equals("unsubscribe_url")) {
                throw new IllegalArgumentException("consentVariable must be 1-64 letters, digits, '_', '.' or '-' "
                        + "and not unsubscribe_url: '" + name + "'");
            }
        });
    }

    /**
     * Tracking without a consent variable.
     *
     * @param opens whether an open pixel may be added
     * @param clicks whether links may be rewritten to count clicks
     * @param listUnsubscribe whether the message carries one-click unsubscribe (RFC 8058) headers
     */
    public MessageTracking(boolean opens, boolean clicks, boolean listUnsubscribe) {
        this(opens, clicks, listUnsubscribe, Optional.empty());
    }

    /**
     * {@return a copy with opens allowed or not}
     *
     * @param value whether an open pixel may be added
     */
    public MessageTracking withOpens(boolean value) {
        return new MessageTracking(value, clicks, listUnsubscribe, consentVariable);
    }

    /**
     * {@return a copy with clicks allowed or not}
     *
     * @param value whether links may be rewritten
     */
    public MessageTracking withClicks(boolean value) {
        return new MessageTracking(opens, value, listUnsubscribe, consentVariable);
    }

    /**
     * {@return a copy with unsubscribe headers or not}
     *
     * @param value whether the message carries one-click unsubscribe headers
     */
    public MessageTracking withListUnsubscribe(boolean value) {
        return new MessageTracking(opens, clicks, value, consentVariable);
    }

    /**
     * {@return a copy whose recipients are tracked only where their variable {@code name} consents} (see the class
     * description for the values that do).
     *
     * @param name a group column, shared variable or send variable
     * @throws IllegalArgumentException if the name is not 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}
     */
    public MessageTracking withConsentVariable(String name) {
        return new MessageTracking(opens, clicks, listUnsubscribe, Optional.of(Objects.requireNonNull(name, "name")));
    }

    /**
     * {@return whether a recipient with these variables may be tracked: always without a consent variable, else
     * only when its value consents}
     *
     * @param variables the recipient's variables (the request's with the recipient's own over them)
     */
    public boolean consents(java.util.Map<String, String> variables) {
        if (consentVariable.isEmpty()) {
            return true;
        }
        String value = variables.get(consentVariable.get());
        return value != null && CONSENTING.contains(value.strip().toLowerCase(Locale.ROOT));
    }
}
