-- 0030_audit_queue: audit records are appended in the money commit without
-- touching the trail's head. A change's transaction inserts its record here
-- (its number from a sequence, taken inside that transaction: a record
-- committed after another one finished has a higher id); a sealer — one at
-- a time across processes, under the lock of audit_head — moves the
-- committed records to audit in id order, giving each its place in the
-- chain (seq, prev) and its hash, and deletes them here, in one commit.
-- Every process seals after its own appends, at start (what a process that
-- died between its commit and its seal left) and before reading the trail,
-- so a record waits here for milliseconds and never for good.

CREATE SEQUENCE audit_queue_seq;

CREATE TABLE audit_queue (
    id         BIGINT PRIMARY KEY,         -- nextval('audit_queue_seq'): the order of sealing
    at_ns      BIGINT NOT NULL,            -- the record's time (part of the chain)
    outlet_id  TEXT NOT NULL DEFAULT '',   -- where it was appended (not part of the chain)
    who        TEXT NOT NULL,
    role       TEXT NOT NULL,
    origin     TEXT NOT NULL,              -- AuditRecord.From
    action     TEXT NOT NULL,
    ref        TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    detail     TEXT NOT NULL
);
