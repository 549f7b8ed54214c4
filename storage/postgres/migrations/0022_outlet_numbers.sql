-- 0022_outlet_numbers: a chain migrates outlet after outlet. Each outlet's
-- embedded ledger numbered its receipts, shifts, cash moves, approvals and
-- batches from 1, and the slips and reports already printed carry those
-- numbers: migrated numbers are kept, unique per outlet. The numbers the
-- database hands out come from its sequences, which migrate moves past
-- every migrated number, so they are unique across the chain.

-- Receipt numbers: unique per outlet; looked up by number.
ALTER TABLE txns DROP CONSTRAINT txns_receipt_no_key;
CREATE UNIQUE INDEX txns_outlet_receipt ON txns (outlet_id, receipt_no) WHERE receipt_no IS NOT NULL;
CREATE INDEX txns_receipt ON txns (receipt_no) WHERE receipt_no IS NOT NULL;

-- Shifts and their cash moves.
ALTER TABLE cash_moves DROP CONSTRAINT cash_moves_shift_id_fkey;
ALTER TABLE cash_moves ADD COLUMN outlet_id TEXT NOT NULL DEFAULT '';
UPDATE cash_moves m SET outlet_id = s.outlet_id FROM shifts s WHERE s.id = m.shift_id;
ALTER TABLE shifts DROP CONSTRAINT shifts_pkey;
ALTER TABLE shifts ADD PRIMARY KEY (outlet_id, id);
CREATE INDEX shifts_id ON shifts (id);
ALTER TABLE cash_moves DROP CONSTRAINT cash_moves_pkey;
ALTER TABLE cash_moves ADD PRIMARY KEY (outlet_id, id);
ALTER TABLE cash_moves ADD FOREIGN KEY (outlet_id, shift_id) REFERENCES shifts (outlet_id, id);
DROP INDEX cash_moves_shift;
CREATE INDEX cash_moves_shift ON cash_moves (outlet_id, shift_id, seq);
CREATE INDEX cash_moves_id ON cash_moves (id);

-- Approvals.
ALTER TABLE approvals DROP CONSTRAINT approvals_pkey;
ALTER TABLE approvals ADD PRIMARY KEY (outlet_id, id);
CREATE INDEX approvals_id ON approvals (id);

-- Batches and their rows.
ALTER TABLE batch_rows DROP CONSTRAINT batch_rows_batch_id_fkey;
ALTER TABLE batch_rows ADD COLUMN outlet_id TEXT NOT NULL DEFAULT '';
UPDATE batch_rows r SET outlet_id = b.outlet_id FROM batches b WHERE b.id = r.batch_id;
ALTER TABLE batches DROP CONSTRAINT batches_pkey;
ALTER TABLE batches ADD PRIMARY KEY (outlet_id, id);
CREATE INDEX batches_id ON batches (id);
ALTER TABLE batch_rows DROP CONSTRAINT batch_rows_pkey;
ALTER TABLE batch_rows ADD PRIMARY KEY (outlet_id, batch_id, line);
ALTER TABLE batch_rows ADD FOREIGN KEY (outlet_id, batch_id) REFERENCES batches (outlet_id, id);
