-- 0012_batches: batch disbursements loaded from a file (issue 15). A
-- batch's reserved is part of deposit.reserved.

CREATE SEQUENCE batch_seq MINVALUE 1 MAXVALUE 999999 NO CYCLE;

CREATE TABLE batches (
    id         TEXT PRIMARY KEY,             -- B + 6 digits
    outlet_id  TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL,                -- SHA-256 of the file as loaded
    first      BOOLEAN NOT NULL,             -- the first batch loaded from this content
    reserved   BIGINT NOT NULL CHECK (reserved >= 0),
    doc        TEXT NOT NULL                 -- the Batch as JSON
);
-- A file's content is loaded once unless asked again: the first of each
-- hash is unique across processes.
CREATE UNIQUE INDEX batches_first ON batches (hash) WHERE first;

CREATE TABLE batch_rows (
    batch_id  TEXT NOT NULL REFERENCES batches (id),
    line      INT NOT NULL,
    doc       TEXT NOT NULL,                 -- the BatchRow as JSON
    PRIMARY KEY (batch_id, line)
);
