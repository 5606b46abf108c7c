package dev.ses.smtp.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes header text so that every reader shows exactly what was given and no line exceeds 998 octets: plain when
 * plain text says it unchanged, else RFC 2047 encoded words, which fold anywhere.
 *
 * <p>Plain text is not always safe to leave plain. Text that merely looks like an encoded word ({@code =?utf-8?q?
 * hi?=}) is decoded by readers into something else; readers trim leading and trailing whitespace, and folding and
 * unfolding may collapse runs of it; a token longer than a line cannot be folded at all (RFC 5322 section 2.1.1 caps
 * a line at 998 octets, and servers refuse longer ones). In each of these cases the whole text goes as encoded words
 * (RFC 2047 section 5, the restricted set that is safe in unstructured text and in a phrase alike), where every
 * character, whitespace included, is inside a word and survives. Stateless.
 */
final class HeaderText {
    /** RFC 5322 2.1.1: at most 998 characters before the CRLF. */
    static final int MAX_LINE = 998;
    /** RFC 2047 section 2: a line holding encoded words is at most 76 characters. */
    private static final int ENCODED_LINE = 76;
    private static final String Q_PREFIX = "=?UTF-8?Q?";
    private static final String B_PREFIX = "=?UTF-8?B?";
    private static final String SUFFIX = "?=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderText() {
    }

    /**
     * An unstructured header's value (Subject, a custom header), folded; {@code used} is what precedes it on the
     * first line ({@code "Subject: "}).
     */
    static String unstructured(int used, String value) {
        if (!needsEncoding(value)) {
            String folded = fold(used, value);
            if (fitsLines(used, folded)) {
                return folded;
            }
        }
        return encode(used, value);
    }

    /**
     * A structured header's value (List-Unsubscribe, References...), where encoded words have no place: folded at
     * whitespace, and refused when a line would still be too long or a character is not ASCII.
     *
     * @throws IllegalArgumentException naming the header when it cannot be written
     */
    static String structured(String name, String value) {
        int used = name.length() + 2;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 127) {
                throw new IllegalArgumentException("header " + name + " is structured and must be ASCII: " + value);
            }
        }
        String folded = fold(used, value);
        if (!fitsLines(used, folded)) {
            throw new IllegalArgumentException("header " + name + " holds a token too long for one line: "
                    + (used + value.length()) + " octets is over the limit of " + MAX_LINE + " (RFC 5322 2.1.1)");
        }
        return folded;
    }

    /**
     * A display name as an RFC 5322 phrase: atoms when it is one, a quoted string when it holds specials or
     * whitespace that atoms would lose (tabs, double spaces), encoded words when it is not ASCII or looks like one.
     * Empty stays empty.
     */
    static String phrase(String name) {
        if (name.isEmpty()) {
            return name;
        }
        boolean control = name.chars().anyMatch(c -> c < ' ' && c != '\t');
        if (!isAscii(name) || name.contains("=?") || control || name.length() > 900) {
            return encode(ENCODED_LINE, name);
        }
        boolean atoms = !name.startsWith(" ") && !name.endsWith(" ") && !name.contains("  ");
        for (int i = 0; atoms && i < name.length(); i++) {
            char c = name.charAt(i);
            atoms = c == ' ' || isAtext(c);
        }
        if (atoms) {
            return name;
        }
        StringBuilder quoted = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    /**
     * A MIME parameter ({@code ; name=...}) that reads back exactly: a quoted string when the value is short plain
     * ASCII, else RFC 2231 form, UTF-8 percent-encoded and split into numbered sections of short lines. Readers decode
     * encoded words in quoted parameters too, although RFC 2047 section 5 forbids it, so a value that looks like one
     * goes in RFC 2231 form, where nothing is decoded but the percent signs.
     *
     * @return the parameter with its leading {@code ";"}, each section on a folded line
     */
    static String parameter(String name, String value) {
        boolean plain = value.length() <= 60 && !needsEncoding(value);
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = c >= ' ' && c < 127 && c != '"' && c != '\\';
        }
        if (plain) {
            return ";\r\n\t" + name + "=\"" + value + "\"";
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        List<String> sections = new ArrayList<>();
        StringBuilder section = new StringBuilder("UTF-8''");
        for (byte b : utf8) {
            int v = b & 0xff;
            String piece = attrChar(v) ? String.valueOf((char) v) : "%" + HEX[v >> 4] + HEX[v & 0xf];
            if (section.length() + piece.length() > 60) {
                sections.add(section.toString());
                section.setLength(0);
            }
            section.append(piece);
        }
        sections.add(section.toString());
        StringBuilder out = new StringBuilder();
        if (sections.size() == 1) {
            return out.append(";\r\n\t").append(name).append("*=").append(sections.get(0)).toString();
        }
        for (int i = 0; i < sections.size(); i++) {
            out.append(";\r\n\t").append(name).append('*').append(i).append("*=").append(sections.get(i));
        }
        return out.toString();
    }

    /** RFC 2231 attribute-char: a token character that needs no percent-encoding. */
    private static boolean attrChar(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || "!#$&+-.^_`|~".indexOf(b) >= 0;
    }

    /** Whether plain text would not read back as given: not ASCII, an encoded word's look, whitespace at risk. */
    static boolean needsEncoding(String value) {
        if (value.isEmpty()) {
            return false;
        }
        if (value.contains("=?") || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            return true;
        }
        char previous = 'x';
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 127 || c < ' ' || c == ' ' && previous == ' ') {
                return true;
            }
            previous = c;
        }
        return false;
    }

    /** Folds at spaces so that lines stay within 76 characters where the words allow. */
    private static String fold(int used, String value) {
        if (used + value.length() <= ENCODED_LINE) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        int column = used;
        int start = 0;
        while (start < value.length()) {
            int space = value.indexOf(' ', start + 1);
            int end = space < 0 ? value.length() : space;
            // The piece from start holds its leading space, except the first one.
            if (column + (end - start) > ENCODED_LINE && start > 0) {
                out.append("\r\n");
                column = 0;
            }
            out.append(value, start, end);
            column += end - start;
            start = end;
        }
        return out.toString();
    }

    private static boolean fitsLines(int used, String folded) {
        int column = used;
        for (int i = 0; i < folded.length(); i++) {
            if (folded.charAt(i) == '\r') {
                column = 0;
                i++;
            } else if (++column > MAX_LINE) {
                return false;
            }
        }
        return true;
    }

    /**
     * The whole text as UTF-8 encoded words, Q when mostly ASCII and B otherwise, each line within 76 characters.
     * Words end at character boundaries: no word holds part of a UTF-8 sequence (RFC 2047 section 5).
     */
    static String encode(int used, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int escaped = 0;
        for (byte b : utf8) {
            if (!qLiteral(b & 0xff)) {
                escaped++;
            }
        }
        boolean q = utf8.length + 2 * escaped <= utf8.length * 4 / 3 + 4;
        String prefix = q ? Q_PREFIX : B_PREFIX;
        StringBuilder out = new StringBuilder(utf8.length * 2 + 32);
        // The first word shares its line with the header name; a long name gets a short first word.
        int room = Math.max(16, ENCODED_LINE - used - prefix.length() - SUFFIX.length());
        StringBuilder word = new StringBuilder();
        java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        int offset = 0;
        boolean first = true;
        while (offset < value.length()) {
            int cp = value.codePointAt(offset);
            int next = offset + Character.charCount(cp);
            byte[] bytes = value.substring(offset, next).getBytes(StandardCharsets.UTF_8);
            int width;
            if (q) {
                width = 0;
                for (byte b : bytes) {
                    width += qLiteral(b & 0xff) ? 1 : 3;
                }
            } else {
                width = (pending.size() + bytes.length + 2) / 3 * 4 - (pending.size() + 2) / 3 * 4;
            }
            int current = q ? word.length() : (pending.size() + 2) / 3 * 4;
            if (current > 0 && current + width > room) {
                appendWord(out, prefix, q ? word.toString() : base64(pending), first);
                first = false;
                word.setLength(0);
                pending.reset();
                room = ENCODED_LINE - 1 - prefix.length() - SUFFIX.length();
            }
            if (q) {
                for (byte b : bytes) {
                    int v = b & 0xff;
                    if (v == ' ') {
                        word.append('_');
                    } else if (qLiteral(v)) {
                        word.append((char) v);
                    } else {
                        word.append('=').append(HEX[v >> 4]).append(HEX[v & 0xf]);
                    }
                }
            } else {
                pending.write(bytes, 0, bytes.length);
            }
            offset = next;
        }
        appendWord(out, prefix, q ? word.toString() : base64(pending), first);
        return out.toString();
    }

    private static void appendWord(StringBuilder out, String prefix, String payload, boolean first) {
        if (!first) {
            out.append("\r\n ");
        }
        out.append(prefix).append(payload).append(SUFFIX);
    }

    private static String base64(java.io.ByteArrayOutputStream bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** RFC 2047 5 (3): the characters that stand for themselves in a Q word anywhere, a phrase included. */
    private static boolean qLiteral(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '!' || b == '*'
                || b == '+' || b == '-' || b == '/' || b == ' ';
    }

    /** RFC 5322 3.2.3 atext. */
    private static boolean isAtext(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 127) {
                return false;
            }
        }
        return true;
    }
}
