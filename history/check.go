package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ErrDamaged marks a history that fails PRAGMA integrity_check or
// PRAGMA foreign_key_check; errors.As finds the *DamageError.
var ErrDamaged = errors.New("history database is damaged")

// DamageError lists what the checks found.
type DamageError struct {
	Problems []string // one line each, as the checks reported them
}

func (e *DamageError) Error() string {
	const shown = 5
	p, more := e.Problems, ""
	if len(p) > shown {
		more = fmt.Sprintf(" (and %d more)", len(p)-shown)
		p = p[:shown]
	}
	return fmt.Sprintf("%v: %s%s", ErrDamaged, strings.Join(p, "; "), more)
}

func (e *DamageError) Is(target error) bool { return target == ErrDamaged }

// ctxQuerier is what *sql.DB, *sql.Conn and *sql.Tx offer for reading.
type ctxQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// IntegrityCheck runs PRAGMA integrity_check and PRAGMA foreign_key_check
// (which integrity_check leaves out). It returns nil when both are clean, an
// error matching ErrDamaged when they found a problem, and another error
// when they could not run (a file too damaged to read fails here too).
func (s *Store) IntegrityCheck(ctx context.Context) error {
	return integrityCheck(ctx, s.db)
}

// integrityCheck is IntegrityCheck on any connection.
func integrityCheck(ctx context.Context, q ctxQuerier) error {
	problems, err := integrityProblems(ctx, q)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	fk, err := foreignKeyProblems(ctx, q)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	problems = append(problems, fk...)
	if len(problems) > 0 {
		return &DamageError{Problems: problems}
	}
	return nil
}

// foreignKeyCheck fails when PRAGMA foreign_key_check reports a row.
func foreignKeyCheck(ctx context.Context, q ctxQuerier) error {
	problems, err := foreignKeyProblems(ctx, q)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	if len(problems) > 0 {
		return &DamageError{Problems: problems}
	}
	return nil
}

// integrityProblems returns the lines of PRAGMA integrity_check other than "ok".
func integrityProblems(ctx context.Context, q ctxQuerier) ([]string, error) {
	rows, err := q.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

// foreignKeyProblems returns one line per row PRAGMA foreign_key_check reports.
func foreignKeyProblems(ctx context.Context, q ctxQuerier) ([]string, error) {
	rows, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var table, parent string
		var rowid, fkid sql.NullInt64
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("%s row %d refers to a missing %s row", table, rowid.Int64, parent))
	}
	return problems, rows.Err()
}
