/**
 * Runnable ses programs: {@link dev.ses.examples.Demo} (what the README runs), the README's samples
 * ({@link dev.ses.examples.QuickStart}, {@link dev.ses.examples.BatchStart}, {@link dev.ses.examples.Production}),
 * which the README shows whole and a test keeps identical, and the benchmarks. Nothing depends on this package.
 */
@NullMarked
package dev.ses.examples;

import org.jspecify.annotations.NullMarked;
