package dev.ses.core.internal.csv;

import dev.ses.core.SesException;
import dev.ses.core.internal.Mailboxes;
import java.net.IDN;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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
    private static final Set<Character.UnicodeScript> NO_SCRIPT = EnumSet.of(Character.UnicodeScript.COMMON,
            Character.UnicodeScript.INHERITED, Character.UnicodeScript.UNKNOWN);
    private static final List<Set<Character.UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    private RecipientAddresses() {
    }

    /**
     * Checks an address and returns its normal form.
     *
     * @param raw the address as found, possibly with surrounding spaces, counting as spaces the no-break and
     *            zero-width ones that a cell pasted from a web page brings along
     * @return the normal form, or empty when the address is not acceptable
     */
    public static Optional<String> normalise(String raw) {
        try {
            return Optional.of(Mailboxes.mailbox("address", CsvHeader.trim(raw)));
        } catch (SesException e) {
            return Optional.empty();
        }
    }

    /**
     * The first label of an address's domain that mixes the letters of several scripts, such as a Cyrillic
     * {@code а} in a Latin name, whether the domain was written in Unicode or in punycode. Digits, hyphens and
     * combining marks belong to no script here; the mixes that the "highly restrictive" level of Unicode's security
     * mechanisms (UTS #39, section 5.2) allows for Chinese, Japanese and Korean are not counted.
     *
     * @param normal a normal form from {@link #normalise}
     * @return the label in Unicode and its scripts, or empty when no label mixes scripts
     */
    public static Optional<MixedLabel> mixedScripts(String normal) {
        String domain = normal.substring(normal.lastIndexOf('@') + 1);
        for (String label : domain.split("\\.")) {
            String unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            EnumSet<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
            unicode.codePoints().mapToObj(Character.UnicodeScript::of).filter(script -> !NO_SCRIPT.contains(script))
                    .forEach(scripts::add);
            if (scripts.size() > 1 && ALLOWED_MIXES.stream().noneMatch(allowed -> allowed.containsAll(scripts))) {
                return Optional.of(new MixedLabel(unicode, scripts.stream().map(RecipientAddresses::scriptName)
                        .sorted().toList()));
            }
        }
        return Optional.empty();
    }

    /**
     * A domain label whose letters come from several scripts.
     *
     * @param label the label in Unicode
     * @param scripts the scripts' names ({@code Cyrillic}, {@code Latin}), in alphabetical order
     */
    public record MixedLabel(String label, List<String> scripts) {
        /** Copies the scripts. */
        public MixedLabel {
            scripts = List.copyOf(scripts);
        }
    }

    private static String scriptName(Character.UnicodeScript script) {
        String name = script.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
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
