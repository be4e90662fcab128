package dev.vigil.store;

import dev.vigil.testing.TestDatabase;

/** The store contract on PostgreSQL. */
class PostgresStoreContractTest extends StoreContractTest {
    private final TestDatabase db = TestDatabase.postgres();

    @Override
    TestDatabase database() {
        return db;
    }
}
