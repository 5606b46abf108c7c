package dev.ses.core.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fluent assertions on one recipient's simulated mailbox; each failure is an {@link AssertionError} that says
 * what was expected and what arrived. Needs no assertion library.
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

    MailboxAssert(String recipient, List<SimulatedMail> mails, List<String> replies) {
        this.recipient = recipient;
        this.mails = mails;
        this.replies = replies;
    }

    /** Asserts at least one copy arrived; further checks apply to the latest. */
    public MailAssert received() {
        if (mails.isEmpty()) {
            throw new AssertionError("expected mail for " + recipient + " but its mailbox is empty; replies given: "
                    + replies);
        }
        return new MailAssert(mails.get(mails.size() - 1));
    }

    /** Asserts exactly this many copies arrived. */
    public MailboxAssert receivedCount(int expected) {
        if (mails.size() != expected) {
            throw new AssertionError("expected " + expected + " mail(s) for " + recipient + " but found "
                    + mails.size() + ": " + mails.stream().map(SimulatedMail::subject).toList());
        }
        return this;
    }

    /** Asserts nothing arrived. */
    public MailboxAssert receivedNothing() {
        return receivedCount(0);
    }

    /** Asserts the simulator replied this (code and text start) to the latest attempt. */
    public MailboxAssert lastReplyStartsWith(String prefix) {
        if (replies.isEmpty() || !replies.get(replies.size() - 1).startsWith(prefix)) {
            throw new AssertionError("expected the last reply to " + recipient + " to start with '" + prefix
                    + "' but the replies were " + replies);
        }
        return this;
    }

    /** Assertions on one delivered copy. */
    public static final class MailAssert {
        private final SimulatedMail mail;

        MailAssert(SimulatedMail mail) {
            this.mail = mail;
        }

        /** The copy itself, for checks of your own. */
        public SimulatedMail mail() {
            return mail;
        }

        /** Asserts it was rendered from this template. */
        public MailAssert withTemplate(long templateId) {
            if (mail.templateId() != templateId) {
                throw fail("template " + templateId, "template " + mail.templateId());
            }
            return this;
        }

        /** Asserts it was rendered with this variable value. */
        public MailAssert withVariable(String name, String value) {
            if (!Objects.equals(mail.variables().get(name), value)) {
                throw fail("variable " + name + "=" + value, "variables " + mail.variables());
            }
            return this;
        }

        /** Asserts it was rendered with exactly these variables. */
        public MailAssert withVariables(Map<String, String> variables) {
            if (!mail.variables().equals(variables)) {
                throw fail("variables " + variables, "variables " + mail.variables());
            }
            return this;
        }

        /** Asserts its subject. */
        public MailAssert withSubject(String subject) {
            if (!mail.subject().equals(subject)) {
                throw fail("subject '" + subject + "'", "subject '" + mail.subject() + "'");
            }
            return this;
        }

        /** Asserts its sender mailbox. */
        public MailAssert from(String address) {
            if (!mail.from().equalsIgnoreCase(address)) {
                throw fail("from " + address, "from " + mail.from());
            }
            return this;
        }

        /** Asserts its plain-text body contains a text. */
        public MailAssert withTextContaining(String text) {
            if (!mail.text().contains(text)) {
                throw fail("text containing '" + text + "'", "text '" + mail.text() + "'");
            }
            return this;
        }

        /** Asserts its HTML body contains a text. */
        public MailAssert withHtmlContaining(String text) {
            if (mail.html().filter(h -> h.contains(text)).isEmpty()) {
                throw fail("HTML containing '" + text + "'", "HTML " + mail.html().orElse("(none)"));
            }
            return this;
        }

        /** Asserts it carries a header with this value. */
        public MailAssert withHeader(String name, String value) {
            if (!Objects.equals(mail.headers().get(name), value)) {
                throw fail("header " + name + ": " + value, "headers " + mail.headers());
            }
            return this;
        }

        private AssertionError fail(String expected, String actual) {
            return new AssertionError("mail to " + mail.recipient() + ": expected " + expected + " but was " + actual);
        }
    }
}
