-- 0011_approvals: transactions held for a supervisor's approval (issue 14).
-- A held approval's amount is part of deposit.reserved.

CREATE SEQUENCE approval_seq MINVALUE 1 MAXVALUE 99999999 NO CYCLE;

CREATE TABLE approvals (
    id         TEXT PRIMARY KEY,             -- A + 8 digits
    outlet_id  TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL CHECK (state IN ('awaiting_approval', 'approved', 'sent', 'rejected', 'expired')),
    amount     BIGINT NOT NULL CHECK (amount > 0),
    doc        TEXT NOT NULL                 -- the Approval as JSON
);
CREATE INDEX approvals_held ON approvals (outlet_id, id) WHERE state IN ('awaiting_approval', 'approved');
