/** Placeholder. */
package dev.ses.smtp;
