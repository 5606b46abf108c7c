package dev.ses.store.jdbc;

/** What a {@link JdbcStore} does with the database schema when it starts. */
public enum MigrationMode {
    /**
     * Creates the schema or upgrades it to the version this code needs, under a database lock so that several nodes
     * starting at once apply each script once. The default.
     */
    MIGRATE,
    /**
     * Changes nothing, and refuses to start unless the schema is exactly at the version this code needs (for a
     * database whose schema an administrator applies).
     */
    VALIDATE,
    /**
     * Neither changes nor checks the schema: the host applies the scripts with its own tool (Flyway, Liquibase)
     * from {@code /dev/ses/store/jdbc/h2/} or {@code /dev/ses/store/jdbc/postgresql/} on the class path.
     */
    NONE
}
