/**
 * The implementation of the JDBC store: the thread-bound transactions, one repository per table group, the SQL
 * dialects and the migration runner. Not API: anything here may change in any release.
 */
@NullMarked
package dev.ses.store.jdbc.internal;

import org.jspecify.annotations.NullMarked;
