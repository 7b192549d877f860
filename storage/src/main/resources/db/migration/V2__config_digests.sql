-- The configuration the host last ran with (host module): one row per top-level section of
-- gatehouse.yaml, holding the SHA-256 of its canonical JSON. Comparing at start-up is how a hand
-- edit of the file becomes a config.changed audit event. Times are epoch milliseconds.
CREATE TABLE config_digests (
    section     TEXT    PRIMARY KEY,
    digest      TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL
);
