package dev.vigil.store;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/** Which database a handle is on, where the stores write it differently. */
final class Databases {
    private Databases() {
    }

    /** Whether the handle's database is PostgreSQL (asked of the driver; no round trip). */
    static boolean postgres(Handle h) {
        try {
            return h.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.ConnectionException(e);
        }
    }
}
