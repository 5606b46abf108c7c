package dev.ses.core.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Fluent assertions on one recipient's simulated mailbox; each failure is an opentest4j
 * {@link AssertionFailedError} with the expected and the actual value, so that an IDE shows the difference. When a
 * mailbox is empty because the message has not been sent yet (it is still queued, or deferred to a retry), the
 * failure says so and what to call. Needs no assertion library.
 *
 * <pre>{@code
 * simulator.assertThat("ann@acme.test").received()
 *     .withTemplate(welcomeId).withVariable("name", "Ann").withSubject("Welcome, Ann");
 * simulator.assertThat("bob@acme.test").receivedNothing();
 * }</pre>
 */
public final class MailboxAssert {
    private final String recipient;
    private final List<SimulatedMail> mails;
    private final List<String> replies;
    private final Supplier<String> unsent;

    MailboxAssert(String recipient, List<SimulatedMail> mails, List<String> replies, Supplier<String> unsent) {
        this.recipient = recipient;
        this.mails = mails;
        this.replies = replies;
        this.unsent = unsent;
    }

    private String why() {
        String pending = unsent.get();
        return (pending.isEmpty() ? "" : "; " + pending) + (replies.isEmpty() ? "" : "; replies given: " + replies);
    }

    /**
     * Asserts at least one copy arrived; further checks apply to the latest.
     *
     * @return assertions on the latest copy
     */
    public MailAssert received() {
        if (mails.isEmpty()) {
            throw new AssertionFailedError("expected mail for " + recipient + " but its mailbox is empty" + why(),
                    "at least 1 mail", "0 mails");
        }
        return new MailAssert(mails.get(mails.size() - 1));
    }

    /**
     * Asserts exactly this many copies arrived.
     *
     * @param expected how many copies
     * @return this assertion, for more checks
     */
    public MailboxAssert receivedCount(int expected) {
        if (mails.size() != expected) {
            throw new AssertionFailedError("expected " + expected + " mail(s) for " + recipient + " but found "
                    + mails.size() + ": " + mails.stream().map(SimulatedMail::subject).toList()
                    + (mails.size() < expected ? why() : ""), expected, mails.size());
        }
        return this;
    }

    /**
     * Asserts nothing arrived.
     *
     * @return this assertion, for more checks
     */
    public MailboxAssert receivedNothing() {
        return receivedCount(0);
    }

    /**
     * Asserts the simulator replied this (code and text start) to the latest attempt.
     *
     * @param prefix how the reply starts, e.g. {@code 550 5.1.1}
     * @return this assertion, for more checks
     */
    public MailboxAssert lastReplyStartsWith(String prefix) {
        if (replies.isEmpty() || !replies.get(replies.size() - 1).startsWith(prefix)) {
            String last = replies.isEmpty() ? "(no reply)" : replies.get(replies.size() - 1);
            throw new AssertionFailedError("expected the last reply to " + recipient + " to start with '" + prefix
                    + "' but the replies were " + replies, prefix, last);
        }
        return this;
    }

    /** Assertions on one delivered copy. */
    public static final class MailAssert {
        private final SimulatedMail mail;

        MailAssert(SimulatedMail mail) {
            this.mail = mail;
        }

        /** {@return the copy itself, for checks of your own} */
        public SimulatedMail mail() {
            return mail;
        }

        /**
         * Asserts it was rendered from this template.
         *
         * @param templateId the template's id
         * @return this assertion, for more checks
         */
        public MailAssert withTemplate(long templateId) {
            if (mail.templateId() != templateId) {
                throw fail("template " + templateId, "template " + mail.templateId());
            }
            return this;
        }

        /**
         * Asserts it was rendered with this variable value.
         *
         * @param name the variable's name
         * @param value its expected value
         * @return this assertion, for more checks
         */
        public MailAssert withVariable(String name, String value) {
            if (!Objects.equals(mail.variables().get(name), value)) {
                throw fail("variable " + name + "=" + value, "variables " + mail.variables());
            }
            return this;
        }

        /**
         * Asserts it was rendered with exactly these variables.
         *
         * @param variables every variable, by name, with its expected value
         * @return this assertion, for more checks
         */
        public MailAssert withVariables(Map<String, String> variables) {
            if (!mail.variables().equals(variables)) {
                throw fail("variables " + variables, "variables " + mail.variables());
            }
            return this;
        }

        /**
         * Asserts its subject.
         *
         * @param subject the expected subject line
         * @return this assertion, for more checks
         */
        public MailAssert withSubject(String subject) {
            if (!mail.subject().equals(subject)) {
                throw fail("subject '" + subject + "'", "subject '" + mail.subject() + "'");
            }
            return this;
        }

        /**
         * Asserts its sender mailbox.
         *
         * @param address the expected sender mailbox ({@code local@domain})
         * @return this assertion, for more checks
         */
        public MailAssert from(String address) {
            if (!mail.from().equalsIgnoreCase(address)) {
                throw fail("from " + address, "from " + mail.from());
            }
            return this;
        }

        /**
         * Asserts its plain-text body contains a text.
         *
         * @param text the text the body must contain
         * @return this assertion, for more checks
         */
        public MailAssert withTextContaining(String text) {
            if (!mail.text().contains(text)) {
                throw fail("text containing '" + text + "'", "text '" + mail.text() + "'");
            }
            return this;
        }

        /**
         * Asserts its HTML body contains a text.
         *
         * @param text the text the HTML body must contain
         * @return this assertion, for more checks
         */
        public MailAssert withHtmlContaining(String text) {
            if (mail.html().filter(h -> h.contains(text)).isEmpty()) {
                throw fail("HTML containing '" + text + "'", "HTML " + mail.html().orElse("(none)"));
            }
            return this;
        }

        /**
         * Asserts it carries a header with this value.
         *
         * @param name the header's name, in any case
         * @param value its expected value
         * @return this assertion, for more checks
         */
        public MailAssert withHeader(String name, String value) {
            if (!Objects.equals(mail.headers().get(name), value)) {
                throw fail("header " + name + ": " + value, "headers " + mail.headers());
            }
            return this;
        }

        private AssertionFailedError fail(String expected, String actual) {
            return new AssertionFailedError("mail to " + mail.recipient() + ": expected " + expected + " but was "
                    + actual, expected, actual);
        }
    }
}
