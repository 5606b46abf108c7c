/**
 * Internal: encryption of secrets at rest. Not part of the API; may change in any release.
 */
package dev.ses.core.internal.crypto;
