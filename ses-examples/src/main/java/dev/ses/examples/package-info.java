/** Placeholder. */
package dev.ses.examples;
