/**
 * Test fixtures, shipped as a product: the {@link dev.ses.core.testing.MailboxSimulator} (a transport that keeps
 * what it delivers and decides outcomes by address and by rule), the {@link dev.ses.core.testing.ManualClock},
 * {@link dev.ses.core.testing.SesFixture} (a ready instance with a verified domain) and the JUnit 5
 * {@link dev.ses.core.testing.SesExtension}. JUnit is an optional dependency: only the extension needs it.
 */
@NullMarked
package dev.ses.core.testing;

import org.jspecify.annotations.NullMarked;
