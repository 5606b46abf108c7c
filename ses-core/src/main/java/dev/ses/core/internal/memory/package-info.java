/**
 * The repositories of {@link dev.ses.core.InMemoryStore}: maps under one read-write lock, with an undo log per
 * transaction. Not API.
 */
@NullMarked
package dev.ses.core.internal.memory;

import org.jspecify.annotations.NullMarked;
