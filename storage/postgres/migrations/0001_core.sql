-- 0001_core: the transactions, their search terms, the deposit mirror, the
-- ledger's identity and the reconciler's leases.
--
-- Standard SQL where possible (CockroachDB and YugabyteDB accept it): no
-- triggers, no stored procedures, times as integer Unix nanoseconds so that
-- a transaction reads back exactly as written.

CREATE TABLE ledger_meta (
    id              INT PRIMARY KEY CHECK (id = 1),
    installation_id TEXT NOT NULL,   -- 12 digits, part of every reference
    created_ns      BIGINT NOT NULL
);

-- Every reference's sequence number comes from here: unique across every
-- process sharing the database without coordination between them.
CREATE SEQUENCE txn_ref_seq MINVALUE 1 MAXVALUE 9999999999 NO CYCLE;
-- Receipt numbers: R + 8 digits.
CREATE SEQUENCE receipt_seq MINVALUE 1 MAXVALUE 99999999 NO CYCLE;

CREATE TABLE txns (
    ref              TEXT PRIMARY KEY,          -- partnerReferenceNo
    kind             TEXT NOT NULL CHECK (kind IN ('topup', 'disburse')),
    state            TEXT NOT NULL CHECK (state IN ('pending', 'success', 'failed', 'unknown')),
    customer_number  TEXT NOT NULL,
    customer_name    TEXT NOT NULL DEFAULT '',
    amount           BIGINT NOT NULL CHECK (amount > 0),
    fee              BIGINT NOT NULL CHECK (fee >= 0),
    operator         TEXT NOT NULL DEFAULT '',
    outlet           TEXT NOT NULL DEFAULT '',  -- Txn.Outlet as the cashier named it
    outlet_id        TEXT NOT NULL DEFAULT '',  -- the outlet of the process that began it (--outlet)
    external_id      TEXT NOT NULL DEFAULT '',
    session_id       TEXT NOT NULL DEFAULT '',
    shift_id         TEXT NOT NULL DEFAULT '',
    reference_no     TEXT NOT NULL DEFAULT '',
    response_code    TEXT NOT NULL DEFAULT '',
    response_message TEXT NOT NULL DEFAULT '',
    last_status      TEXT NOT NULL DEFAULT '',
    status_checks    INT NOT NULL DEFAULT 0,
    receipt_no       TEXT UNIQUE,               -- NULL until success
    printed          INT NOT NULL DEFAULT 0,
    created_ns       BIGINT NOT NULL,
    updated_ns       BIGINT NOT NULL,
    history          TEXT NOT NULL,             -- JSON array of state changes
    in_reading       BOOLEAN NOT NULL DEFAULT FALSE -- open when a deposit reading was recorded
);

-- No two transactions of one merchant share an X-EXTERNAL-ID.
CREATE UNIQUE INDEX txns_external_id ON txns (external_id) WHERE external_id <> '';
CREATE INDEX txns_time ON txns (created_ns, ref);
CREATE INDEX txns_outlet_time ON txns (outlet_id, created_ns, ref);
CREATE INDEX txns_phone ON txns (customer_number, created_ns, ref);
CREATE INDEX txns_shift ON txns (shift_id, created_ns, ref);
CREATE INDEX txns_open ON txns (created_ns, ref) WHERE state IN ('pending', 'unknown');

-- What a cashier may find a transaction by on the slip (the terms of the
-- bbolt ledger's idx_search): 's' phone end, 'n' name word start, 'o' OVO
-- reference in upper case.
CREATE TABLE txn_search (
    kind       CHAR(1) NOT NULL,
    term       TEXT NOT NULL,
    created_ns BIGINT NOT NULL,
    ref        TEXT NOT NULL REFERENCES txns (ref),
    PRIMARY KEY (kind, term, created_ns, ref)
);

-- The deposit mirror: one per merchant (one OVO deposit), shared by every
-- outlet. Reservations are a conditional UPDATE of this row.
CREATE TABLE deposit (
    id           INT PRIMARY KEY CHECK (id = 1),
    balance      BIGINT NOT NULL CHECK (balance >= 0),
    reserved     BIGINT NOT NULL CHECK (reserved >= 0),
    uncertain    BIGINT NOT NULL CHECK (uncertain >= 0),
    refreshed_ns BIGINT NOT NULL,
    debited      BIGINT NOT NULL  -- running total of success debits
);
INSERT INTO deposit (id, balance, reserved, uncertain, refreshed_ns, debited) VALUES (1, 0, 0, 0, 0, 0);

-- Leases on open transactions: the process whose call is in flight holds
-- one from Begin until the call's outcome is recorded, and a reconciler
-- holds one while it checks the status, so an open transaction is checked
-- by one process at a time. A lease that is not released (its process
-- died) expires; expiry is read on the database's clock, so the processes'
-- clocks need not agree.
CREATE TABLE txn_leases (
    ref        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
