-- 0010_shifts: shifts, the drawer's pay-ins and pay-outs, and the marks a
-- day reconciliation leaves (issue 13). Each row keeps the record as the
-- bbolt ledger's JSON (doc), beside the columns queries need.

CREATE SEQUENCE shift_seq MINVALUE 1 MAXVALUE 99999999 NO CYCLE;
CREATE SEQUENCE cash_move_seq MINVALUE 1 MAXVALUE 99999999 NO CYCLE;

CREATE TABLE shifts (
    id         TEXT PRIMARY KEY,             -- S + 8 digits
    outlet_id  TEXT NOT NULL DEFAULT '',     -- the outlet of the process that opened it (--outlet)
    operator   TEXT NOT NULL,
    terminal   TEXT NOT NULL,
    opened_ns  BIGINT NOT NULL,
    closed_ns  BIGINT NOT NULL DEFAULT 0,    -- 0 while open
    doc        TEXT NOT NULL                 -- the Shift as JSON
);
-- One open shift per operator per terminal of an outlet, whatever the
-- number of processes opening it.
CREATE UNIQUE INDEX shifts_open ON shifts (outlet_id, operator, terminal) WHERE closed_ns = 0;
CREATE INDEX shifts_opened ON shifts (outlet_id, opened_ns, id);

CREATE TABLE cash_moves (
    id        TEXT PRIMARY KEY,              -- C + 8 digits
    shift_id  TEXT NOT NULL REFERENCES shifts (id),
    seq       BIGINT NOT NULL,
    doc       TEXT NOT NULL                  -- the CashMove as JSON
);
CREATE INDEX cash_moves_shift ON cash_moves (shift_id, seq);

CREATE TABLE recon_marks (
    ref  TEXT PRIMARY KEY REFERENCES txns (ref),
    doc  TEXT NOT NULL                       -- the ReconMark as JSON
);
