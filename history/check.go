package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// ErrDamaged marks a history that fails PRAGMA integrity_check or
// PRAGMA foreign_key_check; errors.As finds the *DamageError.
var ErrDamaged = errors.New("history database is damaged")

// DamageError lists what the checks found.
type DamageError struct {
	Problems []string // one line each, as the checks (or the driver) reported them
	cause    error
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

// integrityCheck runs PRAGMA integrity_check and PRAGMA foreign_key_check
// (which integrity_check leaves out) on q. It returns nil when both are
// clean, an error matching ErrDamaged when they found a problem, and
// another error when they could not run (a file too damaged to read fails
// here too).
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

// DamageError.cause is the driver's error when the damage showed as one.
func (e *DamageError) Unwrap() error { return e.cause }

// isCorrupt reports whether err is SQLite saying the file is damaged or is
// not a database at all.
func isCorrupt(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB)
}

// asDamage turns the driver's "damaged" errors into a *DamageError, so that
// callers can match ErrDamaged whichever query met the damage.
func asDamage(err error) error {
	var de *DamageError
	if err == nil || errors.As(err, &de) || !isCorrupt(err) {
		return err
	}
	return &DamageError{Problems: []string{err.Error()}, cause: err}
}

// Check runs integrityCheck on the existing history at path without
// creating, upgrading or writing to it. It returns nil when the history is
// sound, an error matching ErrDamaged when it is damaged, ErrEmpty for a
// zero-byte file, fs.ErrNotExist when there is none, and another error when
// it could not be checked.
func Check(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("check history %s: %w", path, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("check history: %w", err)
	}
	if fi.Mode().IsRegular() && fi.Size() == 0 {
		return fmt.Errorf("history %s: %w", abs, ErrEmpty)
	}
	db, err := sql.Open("sqlite3", checkDSN(abs))
	if err != nil {
		return fmt.Errorf("check history %s: %w", abs, err)
	}
	defer db.Close()
	err = retry(ctx, func() error { return integrityCheck(ctx, db) })
	if err != nil {
		return fmt.Errorf("check history %s: %w", abs, err)
	}
	return nil
}

// Backups returns the copies that upgrades of the history at path took and
// kept (path.before-vN), newest version first.
func Backups(path string) []string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	matches, _ := filepath.Glob(globEscape(abs) + ".before-v*")
	var out []string
	for _, m := range matches {
		if _, err := strconv.Atoi(strings.TrimPrefix(m, abs+".before-v")); err == nil {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		vi, _ := strconv.Atoi(strings.TrimPrefix(out[i], abs+".before-v"))
		vj, _ := strconv.Atoi(strings.TrimPrefix(out[j], abs+".before-v"))
		return vi > vj
	})
	return out
}

// globEscape quotes the pattern characters of filepath.Match in s.
func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// MoveAside renames the history at path, with its -wal and -shm files, to
// path.damaged-YYYYMMDD-HHMMSS (a number added when taken), so that a new
// history can be made in its place, and returns the new name; "" when there
// was no history. No process may have the history open meanwhile.
func MoveAside(path string, now time.Time) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("move history %s aside: %w", path, err)
	}
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("move history aside: %w", err)
	}
	base := abs + ".damaged-" + now.Format("20060102-150405")
	dst := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			break
		}
		dst = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(abs, dst); err != nil {
		return "", fmt.Errorf("move history aside: %w", err)
	}
	// The -wal holds committed changes not yet in the main file: it moves
	// with it, under the name SQLite looks for beside the new name, and must
	// not stay behind, where a new history would read it as its own.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(abs+suffix, dst+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			if suffix == "-wal" {
				os.Rename(dst, abs) // back as it was
			}
			return "", fmt.Errorf("move history aside: %w", err)
		}
	}
	return dst, nil
}
