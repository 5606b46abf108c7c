/**
 * Reading recipient groups from CSV files. Internal: not part of the API, may change in any release.
 *
 * <p>{@link dev.ses.core.internal.csv.RecipientCsvReader} parses a file as a stream, reads the header the way
 * spreadsheets write it ({@code CsvHeader}: the address column by its name, the other headers made into
 * variables), checks every address and every value (and, with {@code MisreadText}, that the text was decoded in
 * the encoding it was saved in), and hands the accepted rows in chunks to a
 * {@link dev.ses.core.internal.csv.RecipientSink}; the rejected rows and the warnings come back in a
 * {@link dev.ses.core.ImportReport}. {@link dev.ses.core.internal.csv.RecipientAddresses} holds the address rules
 * of a group: the normal form, when two addresses are the same recipient, and domains that mix scripts.
 */
@NullMarked
package dev.ses.core.internal.csv;

import org.jspecify.annotations.NullMarked;
