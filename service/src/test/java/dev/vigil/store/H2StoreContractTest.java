package dev.vigil.store;

import dev.vigil.testing.TestDatabase;

/** The store contract on an H2 file. */
class H2StoreContractTest extends StoreContractTest {
    private final TestDatabase db = TestDatabase.h2();

    @Override
    TestDatabase database() {
        return db;
    }
}
