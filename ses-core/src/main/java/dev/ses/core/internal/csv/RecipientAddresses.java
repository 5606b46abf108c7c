package dev.ses.core.internal.csv;

import com.sanctionco.jmail.Email;
import com.sanctionco.jmail.EmailValidator;
import com.sanctionco.jmail.JMail;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules for a recipient address and its normal form.
 *
 * <p>An address is trimmed, then must be a bare {@code local@domain} that JMail's strict validator accepts (a
 * domain with a top-level domain, no IP literal, no source route), with no display name, no comment and no
 * whitespace outside quotes: those are legal in a header but never what a list of recipients means, and SMTP's
 * {@code RCPT TO} takes none of them. Addresses in internationalised form (non-ASCII local part or domain) are
 * accepted as JMail accepts them.
 *
 * <p>The normal form keeps the local part as given and lowers the case of the domain: the local part may be
 * case-sensitive on the receiving host (RFC 5321, section 2.4), the domain never is. Two addresses are the same
 * recipient when their normal forms are equal. Thread-safe.
 */
public final class RecipientAddresses {
    private static final EmailValidator VALIDATOR = JMail.strictValidator();

    private RecipientAddresses() {
    }

    /**
     * Checks an address and returns its normal form.
     *
     * @param raw the address as found, possibly with surrounding spaces
     * @return the normal form, or empty when the address is not acceptable
     */
    public static Optional<String> normalise(String raw) {
        String address = raw.trim();
        if (address.isEmpty() || address.indexOf('<') >= 0 || address.indexOf('>') >= 0) {
            return Optional.empty();
        }
        Optional<Email> parsed = VALIDATOR.tryParse(address);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Email email = parsed.get();
        if (email.hasIdentifier() || !email.comments().isEmpty() || email.containsWhitespace()
                || !email.explicitSourceRoutes().isEmpty()) {
            return Optional.empty();
        }
        int at = address.lastIndexOf('@');
        return Optional.of(address.substring(0, at) + "@" + address.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
