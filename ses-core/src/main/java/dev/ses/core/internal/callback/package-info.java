/**
 * Callbacks: the checks of a callback URL, the consumer of the event log that queues one delivery per event and
 * address, the signing of requests, and the workers that post them. Not API: anything here may change in any
 * release.
 */
package dev.ses.core.internal.callback;
