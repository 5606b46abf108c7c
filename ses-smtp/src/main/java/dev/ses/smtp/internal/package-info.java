/**
 * Internal: the wire-level parts of ses-smtp (DNS exchanges with servers). Not part of the API; may change in any
 * release.
 */
package dev.ses.smtp.internal;
