package dev.ses.core;

import dev.ses.core.internal.Engine;
import dev.ses.core.internal.Json;
import dev.ses.core.internal.Mailboxes;
import dev.ses.core.internal.TemplateSupport;
import dev.ses.core.internal.TemplateVariables;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An account's templates. Bodies are Mustache with plain {@code {{variables}}} only: sections, partials and
 * unescaped output are refused, so every value is HTML-escaped in an HTML template. Thread-safe. Obtain through
 * {@link SesAccount#templates()}.
 */
public final class Templates {
    private static final int MAX_NAME = 128;

    private final Engine engine;
    private final String account;

    Templates(Engine engine, String account) {
        this.engine = engine;
        this.account = account;
    }

    /**
     * Creates a template without summary.
     *
     * @param name unique in the account, at most 128 characters
     * @param type HTML or TEXT
     * @param body the Mustache body
     * @return the new template
     * @see #create(String, TemplateType, String, String)
     */
    public Template create(String name, TemplateType type, String body) {
        return create(name, type, body, null);
    }

    /**
     * Creates a template.
     *
     * @param name unique in the account, at most 128 characters
     * @param type HTML or TEXT
     * @param body the Mustache body, at most 1 MiB by default
     * @param summary an optional description, may be null
     * @return the new template
     * @throws SesException INVALID_ARGUMENT, ALREADY_EXISTS, TEMPLATE_TOO_LARGE, TEMPLATE_SYNTAX_ERROR (with the
     *                      line) or TEMPLATE_UNSUPPORTED_TAG
     */
    public Template create(String name, TemplateType type, String body, @Nullable String summary) {
        String n = checkName(name);
        Objects.requireNonNull(type, "type");
        List<String> variables = check(type, body);
        Instant now = engine.clock().instant();
        return engine.store().inTransaction(() -> {
            if (engine.store().templates().byName(account, n).isPresent()) {
                throw new SesException(ErrorCode.ALREADY_EXISTS, taken(n));
            }
            try {
                return engine.store().templates().insert(new Template(0, account, n, type, body,
                        Optional.ofNullable(summary).filter(s -> !s.isBlank()), variables, now, now));
            } catch (SesException e) {
                // Another call created the template since the check above: the same refusal, later.
                throw e.code() == ErrorCode.ALREADY_EXISTS ? new SesException(e.code(), taken(n), e) : e;
            }
        });
    }

    private String taken(String name) {
        return "name: template '" + name + "' already exists in account " + account;
    }

    /**
     * Replaces a template's type, body and summary. Mail already queued keeps the body it was accepted with.
     *
     * @param id the template's id
     * @param type HTML or TEXT
     * @param body the Mustache body
     * @param summary an optional description, may be null
     * @return the template as it now stands
     * @throws SesException NOT_FOUND, or as {@link #create(String, TemplateType, String, String)}
     */
    public Template update(long id, TemplateType type, String body, @Nullable String summary) {
        Template current = get(id);
        Objects.requireNonNull(type, "type");
        List<String> variables = check(type, body);
        Template updated = new Template(id, account, current.name(), type, body,
                Optional.ofNullable(summary).filter(s -> !s.isBlank()), variables, current.createdAt(),
                engine.clock().instant());
        engine.store().templates().update(updated);
        return updated;
    }

    /**
     * {@return the template with this id}
     *
     * @param id the template's id
     * @throws SesException NOT_FOUND
     */
    public Template get(long id) {
        return engine.store().templates().get(account, id).orElseThrow(() -> new SesException(ErrorCode.NOT_FOUND,
                "templateId: no template " + id + " in account " + account));
    }

    /**
     * {@return the template with this name, if the account has it}
     *
     * @param name the template's name
     */
    public Optional<Template> find(String name) {
        return name == null ? Optional.empty() : engine.store().templates().byName(account, name.strip());
    }

    /**
     * {@return one page of the account's templates, oldest first}
     *
     * @param page which page, and how many templates on it
     */
    public Page<Template> list(PageRequest page) {
        return Page.of(engine.store().templates().list(account), page);
    }

    /**
     * Deletes a template. Mail already queued keeps the body it was accepted with.
     *
     * @param id the template's id
     * @throws SesException NOT_FOUND
     */
    public void delete(long id) {
        get(id);
        engine.store().templates().delete(account, id);
    }

    /**
     * Renders a template with variables, as a recipient would see it.
     *
     * @param id the template's id
     * @param variables exactly the template's variables; values as text
     * @return the subject and bodies, rendered
     * @throws SesException NOT_FOUND or TEMPLATE_VARIABLES_MISMATCH
     */
    public RenderedTemplate preview(long id, Map<String, ?> variables) {
        Template t = get(id);
        Map<String, String> values = new LinkedHashMap<>();
        variables.forEach((k, v) -> values.put(k, String.valueOf(v)));
        TemplateVariables.requireExactly(t.variables(), values.keySet(), "variables");
        TemplateSupport support = engine.templates();
        String body = support.render(support.compile(t.body(), t.type(), "body"), values);
        return t.type() == TemplateType.HTML ? new RenderedTemplate(Optional.of(body),
                support.render(support.textOf(t.body()), values)) : new RenderedTemplate(Optional.empty(), body);
    }

    /**
     * Renders a template with variables given as a JSON object string.
     *
     * @param id the template's id
     * @param variablesJson a JSON object of exactly the template's variables
     * @return the subject and bodies, rendered
     * @throws SesException NOT_FOUND, TEMPLATE_DATA_INVALID or TEMPLATE_VARIABLES_MISMATCH
     */
    public RenderedTemplate preview(long id, String variablesJson) {
        return preview(id, Json.parseVariables("variables", variablesJson));
    }

    private List<String> check(TemplateType type, String body) {
        if (body == null || body.isBlank()) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "body: a template body is required");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > engine.limits().maxTemplateBytes()) {
            throw new SesException(ErrorCode.TEMPLATE_TOO_LARGE, "body: " + bytes + " bytes is over the limit of "
                    + engine.limits().maxTemplateBytes());
        }
        return engine.templates().compile(body, type, "body").variables();
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new SesException(ErrorCode.INVALID_ARGUMENT, "name: a template name is required");
        }
        return Mailboxes.headerText(ErrorCode.INVALID_ARGUMENT, "name", name.strip(), MAX_NAME);
    }
}
