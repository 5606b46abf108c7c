package dev.ses.store.jdbc.internal;

import dev.ses.store.jdbc.TestDatabases;
import javax.sql.DataSource;

class PostgresMigratorTest extends MigratorContractTest {
    private String schema;

    @Override
    protected DataSource freshDatabase() {
        schema = TestDatabases.newPostgresSchema();
        return anotherNode();
    }

    @Override
    protected DataSource anotherNode() {
        return TestDatabases.postgresPool(schema, 3);
    }

    @Override
    protected Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
