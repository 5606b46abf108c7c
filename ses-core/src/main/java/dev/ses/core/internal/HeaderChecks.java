package dev.ses.core.internal;

import dev.ses.core.ErrorCode;
import dev.ses.core.SesException;
import dev.ses.core.spi.OutboundMail;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one check of every text that reaches a header: a literal subject, the values its variables take (a regular
 * send's variables, a task's shared variables, the rendered subject of each message), custom headers, display names
 * and attachment names. Regular sends, task creation, task runs and rendering all call it, so a value refused in one
 * place is refused in every other.
 *
 * <p>Two rules. No control character but the tab: CR and LF would end the header, and the others (a vertical tab,
 * a NUL, C1 controls) are shown differently by every reader or dropped by servers. And the limits count the header's
 * name: RFC 5322 section 2.1.1 caps a line at 998 octets, so a value may take what {@code Name: } leaves of it. The
 * MIME writer encodes a long unbroken value so that it folds anyway; the limit keeps what a user gives within what
 * any writer can send on one line. Stateless.
 */
public final class HeaderChecks {
    /** RFC 5322 2.1.1: at most 998 characters on a line, CRLF not counted. */
    public static final int MAX_LINE = 998;
    /** The longest subject: what {@code Subject: } leaves of a line. */
    public static final int MAX_SUBJECT = maxValue("Subject");
    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]+");
    private static final int MAX_HEADER_NAME = 76;

    private HeaderChecks() {
    }

    /** The longest value a header of this name may hold: the line less {@code name} and {@code ": "}. */
    public static int maxValue(String name) {
        return MAX_LINE - name.length() - 2;
    }

    /** Whether a character may not stand in a header: C0 controls but the tab, DEL, C1 controls. */
    public static boolean isControl(char c) {
        return c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f;
    }

    /** What keeps a value out of a header, naming the character and where it is, or empty when nothing does. */
    public static Optional<String> problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                String what = c == '\r' || c == '\n' ? "a line break" : "a control character";
                return Optional.of(String.format("holds %s (U+%04X at %d); a header may hold neither a line break "
                        + "nor a control character", what, (int) c, i));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a text bound for a header (a display name, a name shown in a header, a subject).
     *
     * @throws SesException with the given code naming the field, the value and what is wrong
     */
    public static String text(ErrorCode code, String field, String value, int maxLength) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new SesException(code, field + ": '" + shown(value) + "' " + problem.get());
        }
        if (value.length() > maxLength) {
            throw new SesException(code, field + ": " + value.length() + " characters is over the limit of "
                    + maxLength);
        }
        return value;
    }

    /**
     * Checks a subject as given, before its variables are filled in.
     *
     * @throws SesException INVALID_ARGUMENT naming what is wrong and the limit
     */
    public static String subject(String subject) {
        return text(ErrorCode.INVALID_ARGUMENT, "subject", subject, MAX_SUBJECT);
    }

    /**
     * Checks a value that a subject's variable takes; its length counts in the rendered subject.
     *
     * @param field the field named in the error, e.g. {@code variables.name}
     * @throws SesException TEMPLATE_DATA_INVALID naming the field, the value and the character
     */
    public static void subjectValue(String field, String value) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID, field + ": '" + shown(value)
                    + "' is used in the subject and " + problem.get());
        }
    }

    /**
     * Checks a subject once its variables are filled in: what a regular send checks when it is accepted, and what
     * rendering checks for each message of a task.
     *
     * @throws SesException INVALID_ARGUMENT, or TEMPLATE_DATA_INVALID for a control character
     */
    public static String renderedSubject(String rendered) {
        Optional<String> problem = problem(rendered);
        if (problem.isPresent()) {
            throw new SesException(ErrorCode.TEMPLATE_DATA_INVALID, "subject: once rendered, '" + shown(rendered)
                    + "' " + problem.get());
        }
        if (rendered.length() > MAX_SUBJECT) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "subject: " + rendered.length()
                    + " characters once rendered is over the limit of " + MAX_SUBJECT + " (a line of "
                    + MAX_LINE + " octets less \"Subject: \")");
        }
        return rendered;
    }

    /**
     * Checks custom headers: names of printable ASCII without colon or space, none that ses writes itself
     * ({@link OutboundMail#RESERVED_HEADERS}), values by {@link #text} within what the name leaves of a line.
     *
     * @return the headers in their order
     * @throws SesException INVALID_HEADER naming the header and what is wrong
     */
    public static Map<String, String> headers(Map<String, String> given) {
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : given.entrySet()) {
            String name = h.getKey();
            if (!HEADER_NAME.matcher(name).matches() || name.length() > MAX_HEADER_NAME) {
                throw new SesException(ErrorCode.INVALID_HEADER, "headers: '" + name
                        + "' is not a header name (printable ASCII without ':' or spaces, at most "
                        + MAX_HEADER_NAME + ")");
            }
            if (OutboundMail.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new SesException(ErrorCode.INVALID_HEADER, "headers: '" + name
                        + "' is set by ses; use the request's own field instead");
            }
            checked.put(name, text(ErrorCode.INVALID_HEADER, "headers." + name, h.getValue(), maxValue(name)));
        }
        return checked;
    }

    /**
     * Checks an attachment's file name, which goes into Content-Type and Content-Disposition.
     *
     * @throws IllegalArgumentException naming the file when it is blank, holds a path separator or a control
     *                                  character
     */
    public static String fileName(String filename) {
        if (filename.isBlank() || filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("filename must be a plain file name: " + shown(filename));
        }
        Optional<String> problem = problem(filename);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("filename must be a plain file name: '" + shown(filename) + "' "
                    + problem.get());
        }
        return filename;
    }

    /** A value as an error shows it: shortened, control characters written as escapes. */
    private static String shown(String value) {
        String s = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (isControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
