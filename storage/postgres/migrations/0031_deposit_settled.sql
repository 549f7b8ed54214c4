-- 0031_deposit_settled: Settle leaves the merchant's one deposit row to
-- Begin. What a Settle does to the mirror — release the reservation, debit
-- a success, count it as uncertain when it was open at the last reading —
-- only ever raises Available, so it is added to running totals in one of
-- several shard rows (picked at random: settles of many processes rarely
-- meet on one), and the mirror is the deposit row plus what the shards
-- gained since the row last folded them in (folded_*). A reservation reads
-- the shards without locking them: a total it does not see yet only makes
-- Available look smaller, never larger, so the deposit still never goes
-- below zero. RecordReading locks the row and every shard and folds them.

CREATE TABLE deposit_settled (
    shard     INT PRIMARY KEY,
    released  BIGINT NOT NULL DEFAULT 0 CHECK (released >= 0),   -- reservations released by Settle, in total
    debited   BIGINT NOT NULL DEFAULT 0 CHECK (debited >= 0),    -- successes debited by Settle, in total
    uncertain BIGINT NOT NULL DEFAULT 0 CHECK (uncertain >= 0)   -- of those, the ones open at the reading then
);
INSERT INTO deposit_settled (shard) VALUES (0), (1), (2), (3), (4), (5), (6), (7),
    (8), (9), (10), (11), (12), (13), (14), (15);

-- The shards' totals already counted in the row's balance, reserved,
-- uncertain and debited.
ALTER TABLE deposit ADD COLUMN folded_released BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deposit ADD COLUMN folded_debited BIGINT NOT NULL DEFAULT 0;
ALTER TABLE deposit ADD COLUMN folded_uncertain BIGINT NOT NULL DEFAULT 0;
