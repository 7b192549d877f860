-- API keys (auth module). The key itself is never stored: only its public id, a random salt and
-- SHA-256(salt || secret). Times are epoch milliseconds.
CREATE TABLE api_keys (
    key_id       TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    scopes       TEXT    NOT NULL,
    salt         BLOB    NOT NULL,
    secret_hash  BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER,
    last_used_at INTEGER
);

-- A name is unique among keys that are not revoked, so a revoked key's name can be reused.
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
