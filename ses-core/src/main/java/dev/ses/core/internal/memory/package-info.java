/**
 * The repositories of {@link dev.ses.core.InMemoryStore}: maps under one read-write lock, with an undo log per
 * transaction. Not API.
 */
package dev.ses.core.internal.memory;
