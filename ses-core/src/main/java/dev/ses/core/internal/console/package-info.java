/**
 * The console's pages, served by {@code Console} as one {@link dev.ses.core.WebHandler}: every page reads and acts
 * through the public facade only, writes values through {@code Html}'s escaping, and charts with {@code SvgChart}.
 * Internal: not for use outside ses.
 */
@NullMarked
package dev.ses.core.internal.console;

import org.jspecify.annotations.NullMarked;
