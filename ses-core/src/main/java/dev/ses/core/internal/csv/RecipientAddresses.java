package dev.ses.core.internal.csv;

import dev.ses.core.SesException;
import dev.ses.core.internal.Mailboxes;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules for a recipient address in a CSV file: the same as for every recipient of ses
 * ({@link Mailboxes#mailbox}), so that a group holds only addresses a send would take.
 *
 * <p>An address is trimmed, then must be a bare {@code local@domain}: JMail's strict validator, a dot-atom local
 * part in ASCII (SMTPUTF8 is not supported, so a non-ASCII local part could not be delivered), no display name,
 * comment or whitespace. An internationalised domain is kept in its ASCII (punycode) form. The normal form keeps the
 * local part as given and lowers the case of the domain: the local part may be case-sensitive on the receiving host
 * (RFC 5321, section 2.4), the domain never is, so mail goes to the local part as the file wrote it.
 *
 * <p>Two addresses are the same recipient when their {@link #key keys} are equal: by default the whole address
 * compares without case, as the large mailbox providers treat it ({@code Alice@}, {@code alice@} and
 * {@code ALICE@} are one mailbox there, and three copies to it are the worse mistake); optionally the local part
 * compares exactly, for the rare host where case tells mailboxes apart. Thread-safe.
 */
public final class RecipientAddresses {
    private RecipientAddresses() {
    }

    /**
     * Checks an address and returns its normal form.
     *
     * @param raw the address as found, possibly with surrounding spaces
     * @return the normal form, or empty when the address is not acceptable
     */
    public static Optional<String> normalise(String raw) {
        try {
            return Optional.of(Mailboxes.mailbox("address", raw));
        } catch (SesException e) {
            return Optional.empty();
        }
    }

    /**
     * What two addresses share when they are the same recipient.
     *
     * @param normal a normal form from {@link #normalise}
     * @param exactLocalParts whether the local part keeps its case
     */
    public static String key(String normal, boolean exactLocalParts) {
        // The normal form is ASCII (the local part is a dot-atom, the domain punycode), so ROOT lowering is exact.
        return exactLocalParts ? normal : normal.toLowerCase(Locale.ROOT);
    }
}
