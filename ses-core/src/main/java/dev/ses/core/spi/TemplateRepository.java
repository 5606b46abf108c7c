package dev.ses.core.spi;

import dev.ses.core.SesException;
import dev.ses.core.Template;
import java.util.List;
import java.util.Optional;

/** Templates. Every lookup is scoped to one account. */
public interface TemplateRepository {
    /**
     * Inserts a new template and returns it with its identifier. The name is unique per account.
     *
     * @param template the template to insert, with id 0
     * @return the template as stored, with its new id
     * @throws SesException ALREADY_EXISTS if the account has a template of this name
     */
    Template insert(Template template);

    /**
     * Replaces a stored template (same id and account).
     *
     * @param template the template as it now stands
     */
    void update(Template template);

    /**
     * {@return the template with this id in this account}
     *
     * @param account the account's name
     * @param id the template's id
     */
    Optional<Template> get(String account, long id);

    /**
     * {@return the template with this name in this account}
     *
     * @param account the account's name
     * @param name the template's name
     */
    Optional<Template> byName(String account, String name);

    /**
     * {@return the account's templates, by id}
     *
     * @param account the account's name
     */
    List<Template> list(String account);

    /**
     * Deletes the template; false if there was none.
     *
     * @param account the account's name
     * @param id the template's id
     * @return whether there was a template to delete
     */
    boolean delete(String account, long id);
}
