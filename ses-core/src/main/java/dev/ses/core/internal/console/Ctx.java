package dev.ses.core.internal.console;

import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import java.util.List;

/**
 * One request's view of the console: the account shown, where its pages live, the session's CSRF token, the
 * accounts the user may switch to, and the query and form fields.
 *
 * @param root the console's path prefix (empty at the root)
 * @param base the account's pages, such as {@code /a/acme}
 * @param ownLogin whether the console has its own login (and so a log-out button), not the host's
 */
record Ctx(Ses ses, SesAccount account, String root, String base, String csrf, List<String> accounts, Form query,
           Form form, boolean ownLogin) {
}
