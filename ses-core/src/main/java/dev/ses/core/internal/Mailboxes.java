package dev.ses.core.internal;

import com.sanctionco.jmail.EmailValidator;
import com.sanctionco.jmail.JMail;
import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax rules for mailboxes, domain names and local parts, and their normal forms. */
public final class Mailboxes {
    private static final EmailValidator STRICT = JMail.strictValidator();
    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern DOT_ATOM = Pattern.compile(ATEXT + "(\\." + ATEXT + ")*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Mailboxes() {
    }

    /**
     * Checks a recipient-style address and returns its normal form: trimmed, the domain in lower-case ASCII
     * (punycode), the local part as given.
     *
     * @param field the field named in the error
     * @throws SesException INVALID_EMAIL_ADDRESS naming the field and value
     */
    public static String mailbox(String field, String value) {
        if (value == null) {
            throw new SesException(ErrorCode.INVALID_EMAIL_ADDRESS, field + ": an address is required");
        }
        String trimmed = value.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1 || trimmed.indexOf('<') >= 0 || trimmed.indexOf('>') >= 0
                || trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid(field, value);
        }
        String local = trimmed.substring(0, at);
        String domain;
        try {
            domain = IDN.toASCII(trimmed.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(field, value);
        }
        String normal = local + "@" + domain;
        if (!STRICT.isValid(normal) || !DOT_ATOM.matcher(local).matches() || local.length() > 64
                || !validDomain(domain)) {
            throw invalid(field, value);
        }
        return normal;
    }

    /** Whether a value is a valid address, as {@link #mailbox} would accept it. */
    public static boolean isMailbox(String value) {
        try {
            mailbox("address", value);
            return true;
        } catch (SesException e) {
            return false;
        }
    }

    private static SesException invalid(String field, String value) {
        return new SesException(ErrorCode.INVALID_EMAIL_ADDRESS, field + ": '" + value + "' is not a valid address");
    }

    /**
     * Checks a domain name and returns its normal form: lower case, IDN converted to punycode, no trailing dot.
     *
     * @throws SesException INVALID_DOMAIN naming the value
     */
    public static String domain(String value) {
        if (value == null || value.isBlank()) {
            throw new SesException(ErrorCode.INVALID_DOMAIN, "domain: a name is required");
        }
        String name = value.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new SesException(ErrorCode.INVALID_DOMAIN, "domain: '" + value + "' is not a valid domain name: "
                    + e.getMessage());
        }
        if (!validDomain(ascii)) {
            throw new SesException(ErrorCode.INVALID_DOMAIN, "domain: '" + value + "' is not a valid domain name"
                    + " (at least two labels of letters, digits and hyphens, at most 253 characters)");
        }
        return ascii;
    }

    private static boolean validDomain(String ascii) {
        if (ascii.length() > 253) {
            return false;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /**
     * Checks a local part as an RFC 5322 dot-atom of at most 64 characters.
     *
     * @throws SesException INVALID_SENDER_ADDRESS naming the value
     */
    public static String localPart(String value) {
        if (value == null || value.length() > 64 || !DOT_ATOM.matcher(value).matches()) {
            throw new SesException(ErrorCode.INVALID_SENDER_ADDRESS, "localPart: '" + value
                    + "' is not a dot-atom (letters, digits, !#$%&'*+/=?^_`{|}~- and single dots, at most 64)");
        }
        return value;
    }

    /**
     * Checks a text bound for a body only: line breaks and tabs are fine, other control characters are not.
     *
     * @throws SesException with the given code naming the field and value
     */
    public static String bodyText(ErrorCode code, String field, String value, int maxLength) {
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f)) {
            throw new SesException(code, field + ": '" + value.replace("\r", "\\r").replace("\n", "\\n")
                    + "' holds a control character");
        }
        if (value.length() > maxLength) {
            throw new SesException(code, field + ": " + value.length() + " characters is over the limit of "
                    + maxLength);
        }
        return value;
    }

    /**
     * Checks a header-bound text (display name, subject) by the one rule of {@link HeaderChecks#text}: no CR, LF or
     * other control characters.
     *
     * @throws SesException with the given code naming the field and value
     */
    public static String headerText(ErrorCode code, String field, String value, int maxLength) {
        return HeaderChecks.text(code, field, value, maxLength);
    }
}
