/**
 * Internal: encryption of secrets at rest. Not part of the API; may change in any release.
 */
@NullMarked
package dev.ses.core.internal.crypto;

import org.jspecify.annotations.NullMarked;
