/**
 * Reading recipient groups from CSV files. Internal: not part of the API, may change in any release.
 *
 * <p>{@link dev.ses.core.internal.csv.RecipientCsvReader} parses a file as a stream, checks the header, every
 * address and every value, and hands the accepted rows in chunks to a
 * {@link dev.ses.core.internal.csv.RecipientSink}; the rejected rows come back in a
 * {@link dev.ses.core.ImportReport}. {@link dev.ses.core.internal.csv.RecipientAddresses} holds the address
 * rules, shared with anything else that takes a recipient address.
 */
@NullMarked
package dev.ses.core.internal.csv;

import org.jspecify.annotations.NullMarked;
