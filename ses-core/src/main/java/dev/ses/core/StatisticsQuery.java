package dev.ses.core;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a statistics query reads: the days {@code from..to} (both included, in the quota's time zone) and any
 * combination of filters. Start with {@link #between(LocalDate, LocalDate)} and add filters with the {@code with}
 * copies. The range and the names are checked when the query runs.
 *
 * @param from the first day
 * @param to the last day
 * @param emailType regular sends, batch tasks, or both
 * @param taskId only this batch task, if present (then {@code emailType} is {@link EmailType#BATCH})
 * @param senderDomain only this sender domain, if present
 * @param recipientDomain only recipients at this domain (the mailbox provider, such as {@code gmail.com}), lower
 *                        case, if present
 * @param templateId only this template, if present
 */
public record StatisticsQuery(LocalDate from, LocalDate to, EmailType emailType, Optional<Long> taskId,
                              Optional<String> senderDomain, Optional<String> recipientDomain,
                              Optional<Long> templateId) {
    /**
     * Checks the fields and lower-cases the recipient domain.
     *
     * @throws IllegalArgumentException if a task is given with another email type than BATCH
     *
     * @param from the first day
     * @param to the last day
     * @param emailType regular sends, batch tasks, or both
     * @param taskId only this batch task, if present (then {@code emailType} is {@link EmailType#BATCH})
     * @param senderDomain only this sender domain, if present
     * @param recipientDomain only recipients at this domain (the mailbox provider, such as {@code gmail.com}), lower
     *                        case, if present
     * @param templateId only this template, if present
     */
    public StatisticsQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(emailType, "emailType");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(senderDomain, "senderDomain");
        Objects.requireNonNull(recipientDomain, "recipientDomain");
        Objects.requireNonNull(templateId, "templateId");
        if (taskId.isPresent() && emailType != EmailType.BATCH) {
            throw new IllegalArgumentException("taskId " + taskId.get() + " needs emailType BATCH: " + emailType);
        }
        recipientDomain = recipientDomain.map(d -> d.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * {@return everything sent on the days {@code from..to}}
     *
     * @param from the first day
     * @param to the last day, inclusive
     */
    public static StatisticsQuery between(LocalDate from, LocalDate to) {
        return new StatisticsQuery(from, to, EmailType.ALL, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * {@return a copy with another range}
     *
     * @param newFrom the first day
     * @param newTo the last day, inclusive
     */
    public StatisticsQuery withDays(LocalDate newFrom, LocalDate newTo) {
        return new StatisticsQuery(newFrom, newTo, emailType, taskId, senderDomain, recipientDomain, templateId);
    }

    /**
     * {@return a copy counting only one type of email (and no particular task)}
     *
     * @param type the type of email to count
     */
    public StatisticsQuery withEmailType(EmailType type) {
        return new StatisticsQuery(from, to, type, Optional.empty(), senderDomain, recipientDomain, templateId);
    }

    /**
     * {@return a copy counting only one batch task}
     *
     * @param id the batch task's id
     */
    public StatisticsQuery withTask(long id) {
        return new StatisticsQuery(from, to, EmailType.BATCH, Optional.of(id), senderDomain, recipientDomain,
                templateId);
    }

    /**
     * {@return a copy counting only one sender domain}
     *
     * @param domain the sender domain
     */
    public StatisticsQuery withSenderDomain(String domain) {
        return new StatisticsQuery(from, to, emailType, taskId, Optional.of(domain), recipientDomain, templateId);
    }

    /**
     * {@return a copy counting only recipients at one domain}
     *
     * @param domain the recipients' domain
     */
    public StatisticsQuery withRecipientDomain(String domain) {
        return new StatisticsQuery(from, to, emailType, taskId, senderDomain, Optional.of(domain), templateId);
    }

    /**
     * {@return a copy counting only one template}
     *
     * @param id the template's id
     */
    public StatisticsQuery withTemplate(long id) {
        return new StatisticsQuery(from, to, emailType, taskId, senderDomain, recipientDomain, Optional.of(id));
    }
}
