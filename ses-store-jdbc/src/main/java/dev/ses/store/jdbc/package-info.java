/**
 * The durable ses store: {@link dev.ses.store.jdbc.JdbcStore} on an embedded H2 file database or on PostgreSQL.
 *
 * <h2>A short tour</h2>
 * <ul>
 *   <li>{@code JdbcStore.h2(Path.of("ses-data"))}: one application on one host; the data lives in
 *       {@code ses-data/ses.mv.db}.</li>
 *   <li>{@code JdbcStore.postgres(url, user, password)}: one or several nodes on one database. Nodes share the queue
 *       through {@code FOR UPDATE SKIP LOCKED} claims with a lease, take quota from daily counters that one
 *       statement raises atomically, and start each scheduled or recurring run once through a compare-and-set on
 *       the task's next run; the database is the only coordinator.</li>
 *   <li>{@code JdbcStore.builder(dataSource)}: the application's own pool. The store never closes it.</li>
 *   <li>{@link dev.ses.store.jdbc.JdbcStore#inHostTransaction}: a transactional outbox; ses's writes join the
 *       application's JDBC transaction and commit or roll back with it.</li>
 * </ul>
 *
 * <h2>The schema</h2>
 * At start the store brings the schema to its version ({@link dev.ses.store.jdbc.MigrationMode#MIGRATE}), checks it
 * ({@code VALIDATE}) or leaves it alone ({@code NONE}). The scripts are plain SQL in the jar, under
 * {@code dev/ses/store/jdbc/h2/} and {@code dev/ses/store/jdbc/postgresql/}, named {@code V<n>__<words>.sql} so
 * that Flyway or Liquibase can run them too; applied versions and their SHA-256 checksums go to
 * {@code ses_schema_version}. ses uses a small runner of its own rather than Flyway so that it never imposes a
 * Flyway version, or a second history table, on the application it is embedded in. Every table starts with
 * {@code ses_}.
 *
 * <h2>Errors</h2>
 * No checked {@link java.sql.SQLException} escapes, and every failure is a {@link dev.ses.core.SesException}
 * that keeps the SQL exception as its cause: a taken natural key is {@code ALREADY_EXISTS}, as for every store; a
 * schema that does not fit a {@link dev.ses.store.jdbc.SchemaVersionException}, and any other failure a
 * {@link dev.ses.store.jdbc.JdbcStoreException}, both {@code STORE_ERROR}.
 *
 * <p>Types in {@code dev.ses.store.jdbc.internal} are not API.
 */
@NullMarked
package dev.ses.store.jdbc;

import org.jspecify.annotations.NullMarked;
