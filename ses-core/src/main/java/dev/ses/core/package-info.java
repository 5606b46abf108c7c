/** Placeholder. */
package dev.ses.core;
