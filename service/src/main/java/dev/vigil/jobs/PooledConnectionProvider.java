package dev.vigil.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Gives Quartz connections from the application's pool (Quartz bundles none). */
final class PooledConnectionProvider implements ConnectionProvider {
    private final DataSource dataSource;

    PooledConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // The pool belongs to the application, which closes it.
    }

    @Override
    public void initialize() {
        // Nothing to set up: the pool exists already.
    }
}
