package dev.ses.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a connection that may throw {@link SQLException}. */
@FunctionalInterface
public interface SqlWork<T> {
    /** Does the work. */
    T apply(Connection connection) throws SQLException;
}
