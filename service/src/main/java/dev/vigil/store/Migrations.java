package dev.vigil.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with Flyway: portable migrations from {@code db/migration/common} plus the
 * vendor's own (Quartz's tables) from {@code db/migration/h2} or {@code db/migration/postgresql}.
 */
public final class Migrations {
    /** The databases Vigil runs on. */
    public enum Vendor { H2, POSTGRESQL }

    private Migrations() {
    }

    public static Vendor vendor(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (product.toLowerCase().contains("postgres")) {
                return Vendor.POSTGRESQL;
            }
            if (product.toLowerCase().contains("h2")) {
                return Vendor.H2;
            }
            throw new IllegalStateException("database " + product + " is not supported (expected: H2 or PostgreSQL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the database: " + e.getMessage(), e);
        }
    }

    /** Migrates; returns the vendor found. Flyway's own {vendor} placeholder is a Spring feature, so we pick it here. */
    public static Vendor migrate(DataSource ds) {
        Vendor vendor = vendor(ds);
        String folder = vendor == Vendor.POSTGRESQL ? "postgresql" : "h2";
        Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + folder)
                .load().migrate();
        return vendor;
    }
}
