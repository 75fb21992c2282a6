package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"easyday"
)

// ErrNoActivity marks an activity id that is not stored.
var ErrNoActivity = errors.New("no such activity")

// Exclude takes activity id out of every number (daily load, fitness and
// fatigue, weekly distance, monotony, best efforts) with reason, and
// returns it as now stored. It stays stored and listed. An activity
// already excluded keeps its exclusion, with the new reason. The exclusion
// is keyed by the activity's content hash and start, so it holds for the
// same activity read again (a re-ingest, a rebuild).
func (s *Store) Exclude(ctx context.Context, id int64, reason string, now time.Time) (easyday.Activity, error) {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO exclusions (sha256, start_ms, reason, excluded_ms)
			SELECT sha256, start_ms, ?, ? FROM activities WHERE id = ?
			ON CONFLICT (sha256, start_ms) DO UPDATE SET reason = excluded.reason`,
			reason, now.UnixMilli(), id)
		return err
	})
	if err != nil {
		return easyday.Activity{}, fmt.Errorf("exclude activity %d: %w", id, err)
	}
	return s.activity(ctx, id)
}

// Include counts activity id again, undoing Exclude, and returns it as now
// stored; was says whether it had been excluded.
func (s *Store) Include(ctx context.Context, id int64) (a easyday.Activity, was bool, err error) {
	if a, err = s.activity(ctx, id); err != nil {
		return easyday.Activity{}, false, err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM exclusions WHERE (sha256, start_ms) IN (SELECT sha256, start_ms FROM activities WHERE id = ?)`, id)
		return err
	})
	if err != nil {
		return easyday.Activity{}, false, fmt.Errorf("include activity %d: %w", id, err)
	}
	was = a.Excluded
	a.Excluded, a.ExcludeReason = false, ""
	return a, was, nil
}

// activity returns the stored activity id, without segments.
func (s *Store) activity(ctx context.Context, id int64) (easyday.Activity, error) {
	acts, err := s.queryActivities(ctx, []string{"a.id = ?"}, []any{id}, false)
	if err != nil {
		return easyday.Activity{}, fmt.Errorf("activity %d: %w", id, err)
	}
	if len(acts) == 0 {
		return easyday.Activity{}, fmt.Errorf("activity %d: %w", id, ErrNoActivity)
	}
	return acts[0], nil
}

// CarryExclusions copies the exclusions of the history at old (one moved
// aside by a rebuild) into this one, and returns how many there were: they
// apply to the activities as the rebuild reads their files again. A
// history too damaged to read them from is an error, which the caller
// reports: those activities then count again until excluded anew.
func (s *Store) CarryExclusions(ctx context.Context, old string) (int, error) {
	if _, err := os.Stat(old); err != nil {
		return 0, fmt.Errorf("exclusions of %s: %w", old, err)
	}
	db, err := sql.Open("sqlite3", checkDSN(old))
	if err != nil {
		return 0, fmt.Errorf("exclusions of %s: %w", old, err)
	}
	defer db.Close()
	type exclusion struct {
		sha    string
		start  int64
		reason string
		at     int64
	}
	var xs []exclusion
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'exclusions'`).Scan(&tables); err != nil {
		return 0, fmt.Errorf("exclusions of %s: %w", old, err)
	}
	if tables == 0 {
		return 0, nil // a history from before exclusions: it had none
	}
	rows, err := db.QueryContext(ctx, `SELECT sha256, start_ms, reason, excluded_ms FROM exclusions`)
	if err != nil {
		return 0, fmt.Errorf("exclusions of %s: %w", old, err)
	}
	for rows.Next() {
		var x exclusion
		if err := rows.Scan(&x.sha, &x.start, &x.reason, &x.at); err != nil {
			rows.Close()
			return 0, fmt.Errorf("exclusions of %s: %w", old, err)
		}
		xs = append(xs, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("exclusions of %s: %w", old, err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		for _, x := range xs {
			if _, err := tx.Exec(`INSERT OR IGNORE INTO exclusions (sha256, start_ms, reason, excluded_ms) VALUES (?, ?, ?, ?)`,
				x.sha, x.start, x.reason, x.at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("carry exclusions over: %w", err)
	}
	return len(xs), nil
}

// LastActivityDay returns the latest local day before day with an activity
// that counts (not excluded); ok is false when there is none.
func (s *Store) LastActivityDay(ctx context.Context, before easyday.Date) (last easyday.Date, ok bool, err error) {
	var d sql.NullInt64
	err = retry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT max(a.local_date) FROM activities a WHERE a.local_date < ? AND `+counted, int64(before)).Scan(&d)
	})
	if err != nil {
		return 0, false, fmt.Errorf("last activity before %s: %w", before, err)
	}
	return easyday.Date(d.Int64), d.Valid, nil
}

// LatestWellnessDay returns the latest day on or before day with a
// wellness value; ok is false when there is none.
func (s *Store) LatestWellnessDay(ctx context.Context, day easyday.Date) (latest easyday.Date, ok bool, err error) {
	var d sql.NullInt64
	err = retry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT max(day) FROM wellness WHERE day <= ?`, int64(day)).Scan(&d)
	})
	if err != nil {
		return 0, false, fmt.Errorf("latest wellness on or before %s: %w", day, err)
	}
	return easyday.Date(d.Int64), d.Valid, nil
}

// StaleScores counts the activities that count (not excluded) whose
// metrics were scored with another thresholds set than the one keyOn
// gives for their day (a set added or changed since), and the first day of
// one. Activities whose set was not recorded (stored before it was) are
// not counted: which set scored them is not known.
func (s *Store) StaleScores(ctx context.Context, keyOn func(easyday.Date) string) (n int, first easyday.Date, err error) {
	err = retry(ctx, func() error {
		n, first = 0, 0
		rows, err := s.db.QueryContext(ctx, `SELECT a.local_date, a.thresholds_key, count(*) FROM activities a
			WHERE a.thresholds_key IS NOT NULL AND `+counted+` GROUP BY a.local_date, a.thresholds_key ORDER BY a.local_date`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d int64
			var key string
			var c int
			if err := rows.Scan(&d, &key, &c); err != nil {
				return err
			}
			if key == keyOn(easyday.Date(d)) {
				continue
			}
			if n == 0 {
				first = easyday.Date(d)
			}
			n += c
		}
		return rows.Err()
	})
	if err != nil {
		return 0, 0, fmt.Errorf("activities scored with other thresholds: %w", err)
	}
	return n, first, nil
}
