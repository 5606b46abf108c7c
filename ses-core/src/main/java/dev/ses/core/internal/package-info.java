/**
 * The engine behind the facade: the dispatcher, the task runner, quotas and rate limits, domain checks, template
 * support. Not API: anything here may change in any release.
 */
@NullMarked
package dev.ses.core.internal;

import org.jspecify.annotations.NullMarked;
