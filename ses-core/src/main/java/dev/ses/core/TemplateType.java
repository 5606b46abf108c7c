package dev.ses.core;

/** The body format of a template. */
public enum TemplateType {
    /** An HTML body; ses derives the plain-text alternative. Variable values are HTML-escaped. */
    HTML,
    /** A plain-text body; variable values are inserted as they are. */
    TEXT
}
