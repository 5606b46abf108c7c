/**
 * Runnable ses programs: {@link dev.ses.examples.Demo} (what the README runs) and the quick start kept compiling
 * as {@link dev.ses.examples.QuickStart}. Nothing depends on this package.
 */
package dev.ses.examples;
