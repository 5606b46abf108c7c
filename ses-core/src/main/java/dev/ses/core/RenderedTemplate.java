package dev.ses.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A template rendered with variables, as a recipient would see it.
 *
 * @param html the HTML body, for an HTML template
 * @param text the plain-text body (derived from the HTML for an HTML template)
 */
public record RenderedTemplate(Optional<String> html, String text) {
    /**
     * Checks the fields.
     *
     * @param html the HTML body, for an HTML template
     * @param text the plain-text body (derived from the HTML for an HTML template)
     */
    public RenderedTemplate {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }
}
