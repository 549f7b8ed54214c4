-- 0014_pin_state: wrong PINs in a row and the lockout of each operator
-- (issue 14), so that a restart — or another process — does not unlock an
-- operator. One row per operator with a wrong PIN since their last right
-- one.

CREATE TABLE pin_state (
    name  TEXT PRIMARY KEY,  -- the operator's name in lower case
    doc   TEXT NOT NULL      -- the PINState as JSON
);
