/**
 * Embedded state: the SQLite {@link dev.gatehouse.storage.Database} with versioned migrations from
 * {@code db/migration} on the class path. Schema changes for every module live there, listed in
 * {@code index.txt}, so one runner orders them.
 */
package dev.gatehouse.storage;
