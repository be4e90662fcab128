package dev.vigil.store;

import java.sql.SQLException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** SQLSTATE checks that mean the same in H2 and PostgreSQL. */
final class SqlStates {
    /** A unique or primary key constraint was violated. */
    private static final String UNIQUE_VIOLATION = "23505";

    private SqlStates() {
    }

    static boolean uniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }
}
