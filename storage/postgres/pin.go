package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// PINState returns name's wrong-PIN count and lockout (the zero state when
// none is kept), shared by every process on the database (migration 0014).
func (db *DB) PINState(name string) (ledger.PINState, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.PINState{}, err
	}
	defer cancel()
	var st ledger.PINState
	var doc string
	err = db.pool.QueryRow(ctx, `SELECT doc FROM pin_state WHERE name = $1`, strings.ToLower(name)).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, db.wrap(err)
	}
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		return st, fmt.Errorf("postgres: decode PIN state of %s: %w", name, err)
	}
	return st, nil
}

// RecordPIN keeps name's state st (the zero state clears it) and appends
// entries (the try and what it caused) to the audit trail, in one commit.
func (db *DB) RecordPIN(name string, st ledger.PINState, entries ...ledger.AuditEntry) error {
	key := strings.ToLower(name)
	return db.write(func(ctx context.Context, tx pgx.Tx) error {
		if st == (ledger.PINState{}) {
			if _, err := tx.Exec(ctx, `DELETE FROM pin_state WHERE name = $1`, key); err != nil {
				return err
			}
		} else {
			st.Until = st.Until.UTC()
			doc, err := json.Marshal(st)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO pin_state (name, doc) VALUES ($1, $2)
				ON CONFLICT (name) DO UPDATE SET doc = EXCLUDED.doc`, key, string(doc)); err != nil {
				return err
			}
		}
		now := db.nowUTC()
		for _, e := range entries {
			if _, err := db.appendAudit(ctx, tx, e, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// The PostgreSQL ledger is a whole cashier ledger.
var _ ledger.Ledger = (*DB)(nil)
