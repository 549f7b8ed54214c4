-- 0013_audit: the hash-chained audit trail (issue 14), one chain for the
-- whole database. body is the record's canonical bytes (ledger.SealAudit),
-- exactly as the bbolt ledger stores them; hash is their hex SHA-256.
-- Appends are serialized by locking the head row (SELECT … FOR UPDATE), in
-- the same SQL transaction as the change they record.

CREATE TABLE audit (
    seq        BIGINT PRIMARY KEY,
    at_ns      BIGINT NOT NULL,
    outlet_id  TEXT NOT NULL DEFAULT '',     -- where it was appended (not part of the chain)
    hash       TEXT NOT NULL,
    body       BYTEA NOT NULL
);
CREATE INDEX audit_time ON audit (at_ns, seq);

CREATE TABLE audit_head (
    id        INT PRIMARY KEY CHECK (id = 1),
    seq       BIGINT NOT NULL,               -- the last record (0: none)
    hash      TEXT NOT NULL,                 -- its hash ('' for none)
    settings  TEXT                           -- the detail of the last "settings" record (NULL: none)
);
INSERT INTO audit_head (id, seq, hash, settings) VALUES (1, 0, '', NULL);
