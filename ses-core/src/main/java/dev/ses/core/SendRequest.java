package dev.ses.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A regular send: one template, one set of variables, up to 50 recipients in To (who all see each other),
 * 20 in Cc and 20 in Bcc by default. Build one with {@link #builder()}.
 *
 * <p>The variables are given either as a map or as a JSON object string (as the reproduced service's API takes
 * them); they must name exactly the template's variables. The subject may use the same variables.
 *
 * @param from the sender address, one of the account's, e.g. {@code noreply@mail.acme.com}
 * @param templateId the template to render
 * @param subject the subject, may hold {@code {{variables}}}; as given and once rendered at most 989 characters (a
 *                line of 998 octets, RFC 5322 2.1.1, less {@code "Subject: "}), with no control character but the
 *                tab, and so are the values its variables take
 * @param variables the variables as a map of plain values
 * @param variablesJson the variables as a JSON object string, instead of the map
 * @param to the visible recipients
 * @param cc the copied recipients
 * @param bcc the hidden recipients
 * @param replyTo where replies go, if not to the sender
 * @param headers extra headers; names must not be ones ses sets itself; a value has no control character but the
 *                tab and fits one line with its name ({@code Name: value} within 998 octets)
 * @param attachments files to attach
 * @param idempotencyKey a key that makes a repeated send return the first one's message id and send nothing
 * @param tracking what this message allows of tracking, on top of the account's and domain's switches, and whether
 *                 it carries one-click unsubscribe headers; default {@link MessageTracking#DEFAULT}
 */
public record SendRequest(String from, long templateId, String subject, Map<String, String> variables,
                          Optional<String> variablesJson, List<String> to, List<String> cc, List<String> bcc,
                          Optional<String> replyTo, Map<String, String> headers, List<Attachment> attachments,
                          Optional<String> idempotencyKey, MessageTracking tracking) {
    /**
     * Checks for nulls and copies the collections; the rules are checked when the request is sent.
     *
     * @param from the sender address, one of the account's, e.g. {@code noreply@mail.acme.com}
     * @param templateId the template to render
     * @param subject the subject, may hold {@code {{variables}}}; as given and once rendered at most 989 characters (a
     *         line of 998 octets, RFC 5322 2.1.1, less {@code "Subject: "}), with no control character but the tab, and
     *         so are the values its variables take
     * @param variables the variables as a map of plain values
     * @param variablesJson the variables as a JSON object string, instead of the map
     * @param to the visible recipients
     * @param cc the copied recipients
     * @param bcc the hidden recipients
     * @param replyTo where replies go, if not to the sender
     * @param headers extra headers; names must not be ones ses sets itself; a value has no control character but the
     *         tab and fits one line with its name ({@code Name: value} within 998 octets)
     * @param attachments files to attach
     * @param idempotencyKey a key that makes a repeated send return the first one's message id and send nothing
     * @param tracking what this message allows of tracking, on top of the account's and domain's switches, and whether
     *         it carries one-click unsubscribe headers; default {@link MessageTracking#DEFAULT}
     */
    public SendRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(variablesJson, "variablesJson");
        to = recipients(to, "to");
        cc = recipients(cc, "cc");
        bcc = recipients(bcc, "bcc");
        Objects.requireNonNull(replyTo, "replyTo");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        attachments = List.copyOf(attachments);
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(tracking, "tracking");
    }

    private static List<String> recipients(List<String> addresses, String field) {
        Objects.requireNonNull(addresses, field);
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i) == null) {
                throw new NullPointerException(field + "[" + i + "] is null");
            }
        }
        return List.copyOf(addresses);
    }

    /** {@return every recipient: To, then Cc, then Bcc} */
    public List<String> allRecipients() {
        List<String> all = new ArrayList<>(to.size() + cc.size() + bcc.size());
        all.addAll(to);
        all.addAll(cc);
        all.addAll(bcc);
        return all;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SendRequest}; from, template, subject and at least one recipient are required. */
    public static final class Builder {
        private @Nullable String from;
        private @Nullable Long templateId;
        private @Nullable String subject;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private @Nullable String variablesJson;
        private final List<String> to = new ArrayList<>();
        private final List<String> cc = new ArrayList<>();
        private final List<String> bcc = new ArrayList<>();
        private @Nullable String replyTo;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<Attachment> attachments = new ArrayList<>();
        private MessageTracking tracking = MessageTracking.DEFAULT;
        private @Nullable String idempotencyKey;

        private Builder() {
        }

        /**
         * The sender address, one of the account's.
         *
         * @param address the sender address ({@code local@domain}), one of the account's
         * @return this builder
         */
        public Builder from(String address) {
            this.from = Objects.requireNonNull(address, "from");
            return this;
        }

        /**
         * The template to render.
         *
         * @param id the template's id
         * @return this builder
         */
        public Builder template(long id) {
            this.templateId = id;
            return this;
        }

        /**
         * The subject; may hold {@code {{variables}}}.
         *
         * @param subject the subject, may hold {@code {{variables}}}; at most 989 characters as given and once rendered
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /**
         * Adds one variable; numbers and booleans are written as text.
         *
         * @param name the variable's name
         * @param value its value: text, a number or a boolean
         * @return this builder
         */
        public Builder variable(String name, Object value) {
            Objects.requireNonNull(name, "variable name");
            Objects.requireNonNull(value, () -> "variable " + name);
            variables.put(name, String.valueOf(value));
            return this;
        }

        /**
         * Adds variables from a map; numbers and booleans are written as text.
         *
         * @param values the variables by name: text, numbers or booleans
         * @return this builder
         */
        public Builder variables(Map<String, ?> values) {
            values.forEach(this::variable);
            return this;
        }

        /**
         * The variables as a JSON object string, e.g. {@code {"name":"Ann"}}; replaces the map.
         *
         * @param json a JSON object of the variables
         * @return this builder
         */
        public Builder variablesJson(String json) {
            this.variablesJson = Objects.requireNonNull(json, "variablesJson");
            return this;
        }

        /**
         * Adds visible recipients.
         *
         * @param addresses the recipients' email addresses
         * @return this builder
         */
        public Builder to(String... addresses) {
            add(to, "to", Arrays.asList(Objects.requireNonNull(addresses, "to")));
            return this;
        }

        /**
         * Adds visible recipients.
         *
         * @param addresses the recipients' email addresses
         * @return this builder
         */
        public Builder to(List<String> addresses) {
            add(to, "to", addresses);
            return this;
        }

        /**
         * Adds copied recipients.
         *
         * @param addresses the recipients' email addresses
         * @return this builder
         */
        public Builder cc(String... addresses) {
            add(cc, "cc", Arrays.asList(Objects.requireNonNull(addresses, "cc")));
            return this;
        }

        /**
         * Adds hidden recipients.
         *
         * @param addresses the recipients' email addresses
         * @return this builder
         */
        public Builder bcc(String... addresses) {
            add(bcc, "bcc", Arrays.asList(Objects.requireNonNull(addresses, "bcc")));
            return this;
        }

        private static void add(List<String> into, String field, @Nullable List<String> addresses) {
            Objects.requireNonNull(addresses, field);
            for (String address : addresses) {
                if (address == null) {
                    throw new NullPointerException(field + "[" + into.size() + "] is null");
                }
                into.add(address);
            }
        }

        /**
         * Where replies go.
         *
         * @param address the email address replies go to
         * @return this builder
         */
        public Builder replyTo(String address) {
            this.replyTo = Objects.requireNonNull(address, "replyTo");
            return this;
        }

        /**
         * Adds a header.
         *
         * @param name the header's name; not one that ses sets itself
         * @param value its value, on one line
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        /**
         * Adds an attachment.
         *
         * @param attachment the file to attach
         * @return this builder
         */
        public Builder attach(Attachment attachment) {
            attachments.add(Objects.requireNonNull(attachment, "attachment"));
            return this;
        }

        /**
         * A key that makes a repeated send with the same key a no-op returning the first message id.
         *
         * @param key the caller's key for this send
         * @return this builder
         */
        public Builder idempotencyKey(String key) {
            this.idempotencyKey = Objects.requireNonNull(key, "idempotencyKey");
            return this;
        }

        /**
         * What this message allows of tracking and whether it carries one-click unsubscribe headers; default
         * {@link MessageTracking#DEFAULT}. {@code MessageTracking.NONE} suits a transactional mail.
         *
         * @param value what this message allows of tracking, on top of the account's and domain's switches, and whether
         *         it carries one-click unsubscribe headers
         * @return this builder
         */
        public Builder tracking(MessageTracking value) {
            this.tracking = Objects.requireNonNull(value, "tracking");
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request, its rules still to be checked when it is sent
         * @throws IllegalStateException if from, template, subject or every recipient is missing
         * @throws IllegalArgumentException if the subject is blank: the reproduced service requires one, and mail
         *                                  without a subject is more often taken for spam
         */
        public SendRequest build() {
            if (from == null) {
                throw new IllegalStateException("from is required");
            }
            if (templateId == null) {
                throw new IllegalStateException("template is required");
            }
            if (subject == null) {
                throw new IllegalStateException("subject is required");
            }
            if (subject.isBlank()) {
                throw new IllegalArgumentException("subject must not be blank: '" + subject + "'");
            }
            if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
                throw new IllegalStateException("at least one recipient is required");
            }
            return new SendRequest(from, templateId, subject, variables, Optional.ofNullable(variablesJson), to, cc,
                    bcc, Optional.ofNullable(replyTo), headers, attachments, Optional.ofNullable(idempotencyKey),
                    tracking);
        }
    }
}
