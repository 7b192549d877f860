package dev.gatehouse.storage;

/** One versioned schema change, read from {@code V<version>__<name>.sql}. */
record Migration(int version, String name, String sql) {}
