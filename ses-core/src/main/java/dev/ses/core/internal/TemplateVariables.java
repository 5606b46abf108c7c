package dev.ses.core.internal;

import dev.ses.core.ErrorCode;
import dev.ses.core.MessageTracking;
import dev.ses.core.SesException;
import java.util.Collection;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The one variables rule of every send: the values given (a regular send's variables, a task's group columns and
 * shared variables, a preview's values) must name exactly the variables of the template and of the subject. Checked
 * when a send or task is accepted, and again when a task's run starts, since its group and template may have
 * changed since.
 */
public final class TemplateVariables {
    private TemplateVariables() {
    }

    /**
     * The variable ses fills in itself with the message's unsubscribe URL: a template may use it, and no send, group
     * or preview gives it.
     */
    public static final String UNSUBSCRIBE_URL = "unsubscribe_url";

    /** The variables a message needs: its template's and its subject's, sorted, without those ses fills in. */
    public static SortedSet<String> expected(Collection<String> template, Collection<String> subject) {
        TreeSet<String> expected = new TreeSet<>(template);
        expected.addAll(subject);
        expected.remove(UNSUBSCRIBE_URL);
        return expected;
    }

    /**
     * What is wrong when the names given are not exactly the names expected, naming what is missing and what is
     * unknown.
     *
     * @param field what the given names are, as the message should call them
     */
    public static Optional<String> mismatch(Collection<String> expected, Collection<String> given, String field) {
        TreeSet<String> missing = new TreeSet<>(expected);
        missing.removeAll(given);
        TreeSet<String> unknown = new TreeSet<>(given);
        unknown.removeAll(expected);
        if (missing.isEmpty() && unknown.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder msg = new StringBuilder(field).append(": the template's variables are ")
                .append(new TreeSet<>(expected));
        if (!missing.isEmpty()) {
            msg.append("; missing ").append(missing);
        }
        if (!unknown.isEmpty()) {
            msg.append("; unknown ").append(unknown);
        }
        return Optional.of(msg.toString());
    }

    /**
     * What is wrong with the names given when the message's tracking names a consent variable: that variable must be
     * among them, and may be given beyond the template's.
     *
     * @param field what the given names are, as the message should call them
     */
    public static Optional<String> mismatch(Collection<String> expected, Collection<String> given, String field,
                                            MessageTracking tracking) {
        if (tracking.consentVariable().isEmpty()) {
            return mismatch(expected, given, field);
        }
        String consent = tracking.consentVariable().get();
        if (!given.contains(consent)) {
            return Optional.of("tracking.consentVariable: '" + consent + "' is not among the " + field + " "
                    + new TreeSet<>(given));
        }
        Collection<String> rest = given;
        if (!expected.contains(consent)) {
            rest = new TreeSet<>(given);
            rest.remove(consent);
        }
        return mismatch(expected, rest, field);
    }

    /**
     * Checks the names given against the names expected and the tracking's consent variable.
     *
     * @throws SesException TEMPLATE_VARIABLES_MISMATCH naming what is missing and what is unknown
     */
    public static void requireExactly(Collection<String> expected, Collection<String> given, String field,
                                      MessageTracking tracking) {
        Optional<String> problem = mismatch(expected, given, field, tracking);
        if (problem.isPresent()) {
            throw new SesException(ErrorCode.TEMPLATE_VARIABLES_MISMATCH, problem.get());
        }
    }

    /**
     * Checks that the names given are exactly the names expected.
     *
     * @throws SesException TEMPLATE_VARIABLES_MISMATCH naming what is missing and what is unknown
     */
    public static void requireExactly(Collection<String> expected, Collection<String> given, String field) {
        Optional<String> problem = mismatch(expected, given, field);
        if (problem.isPresent()) {
            throw new SesException(ErrorCode.TEMPLATE_VARIABLES_MISMATCH, problem.get());
        }
    }
}
