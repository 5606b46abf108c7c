/**
 * The durable ses store on H2 and PostgreSQL, with its schema migrations. Exports {@code dev.ses.store.jdbc} only;
 * {@code dev.ses.store.jdbc.internal} is not exported. The JDBC drivers are not required here: an application puts
 * the one it uses on its path, and {@code java.sql.DriverManager} finds it as a service.
 */
module dev.ses.store.jdbc {
    exports dev.ses.store.jdbc;
    // Jackson reads and writes the private shapes of the JSON columns.
    opens dev.ses.store.jdbc.internal to com.fasterxml.jackson.databind;

    requires transitive dev.ses.core;
    requires transitive java.sql;
    requires com.fasterxml.jackson.databind;
    requires com.zaxxer.hikari;
    requires org.slf4j;
    requires static org.jspecify;
    // Only PostgreSQL's notices need its driver's own types, and only on PostgreSQL, whose driver is then present.
    requires static org.postgresql.jdbc;
}
