package history

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema step; version n brings user_version to n.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order, checking that they are
// numbered 1, 2, 3, … without gaps.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNN_name.sql", name)
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", name))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// ErrUpgrade marks a history whose schema upgrade failed; errors.As finds
// the *UpgradeError with the versions and the copy taken before.
var ErrUpgrade = errors.New("history upgrade failed")

// UpgradeError says which upgrade step failed and where the copy of the
// history taken before the upgrade is.
type UpgradeError struct {
	From, To int    // the version the history is left at, and the one that failed to be made
	Backup   string // the copy taken before the first step; "" when none was taken
	Err      error
}

func (e *UpgradeError) Error() string {
	msg := fmt.Sprintf("upgrade history from v%d to v%d: %v", e.From, e.To, e.Err)
	if e.Backup != "" {
		msg += "; the copy taken before the upgrade is " + e.Backup
	}
	return msg
}

func (e *UpgradeError) Unwrap() error { return e.Err }

func (e *UpgradeError) Is(target error) bool { return target == ErrUpgrade }

// backupPath is where the copy taken before the step to version v goes.
func backupPath(abs string, v int) string {
	return abs + ".before-v" + strconv.Itoa(v)
}

// migrate applies the pending migrations of ms to the database at abs, on one
// pinned connection with foreign keys off, so that a table rebuild
// (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
// Changes") neither fails nor cascades deletes. All pending steps run in one
// IMMEDIATE transaction that reads the version again, so that two processes
// opening the history at once upgrade it exactly once, and that fails when
// PRAGMA foreign_key_check reports a row after any step. Before the upgrade of a history
// that has a schema, a copy is taken with VACUUM INTO abs.before-vN; it is
// removed once the upgraded history passes integrity_check, within the
// transaction before its commit, and kept, and named in the error, when
// anything fails before then.
func (s *Store) migrate(ctx context.Context, abs string, ms []migration, notice func(string)) error {
	var conn *sql.Conn
	err := retry(ctx, func() error {
		var err error
		conn, err = s.db.Conn(ctx)
		return err
	})
	if err != nil {
		return err
	}
	defer conn.Close()
	var current int
	if err := retry(ctx, func() error { return conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current) }); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return &newerSchemaError{found: current, known: len(ms)}
	}
	if current == len(ms) {
		leftoverCopies(abs, current, notice)
		return nil
	}

	// Outside any transaction: inside one this PRAGMA does nothing.
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("foreign keys off: %w", err)
	}
	up := &upgrade{store: s, conn: conn, abs: abs}
	started := time.Now()
	if err := up.apply(ctx, ms); err != nil {
		conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
		return err
	}
	if err := foreignKeysOn(ctx, conn); err != nil {
		return &UpgradeError{From: up.from(current), To: len(ms), Err: err} // the copy was removed before the commit
	}
	if up.backup == "" {
		return nil // a new history, or another process did the upgrade
	}
	if notice != nil {
		notice(fmt.Sprintf("history %s upgraded from v%d to v%d in %s; the copy taken before (%s) was removed after the upgraded history passed its integrity check",
			abs, up.first-1, len(ms), time.Since(started).Round(time.Millisecond), up.backup))
	}
	return nil
}

// leftoverCopies deals with the copies of the history at abs that an
// upgrade, now finished, left behind. One killed while copying leaves
// abs.before-vN.tmp, never a whole copy: it is removed. One killed between
// the upgrade's commit and the copy's removal leaves abs.before-vN, a whole
// copy of the history before that upgrade: it is named through notice at
// every open until the person running easyday deletes it, not removed,
// since the file beside the history may not be this history's copy (a
// history moved aside and made anew by rebuild leaves its copies behind,
// and one may be the only sound copy of it). Copies for a version above
// current belong to an upgrade not finished (perhaps another process's, by
// a newer easyday) and are left alone.
func leftoverCopies(abs string, current int, notice func(string)) {
	entries, err := os.ReadDir(filepath.Dir(abs))
	if err != nil {
		return // the history was just opened in that folder: it is readable
	}
	prefix := filepath.Base(abs) + ".before-v"
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		name := filepath.Join(filepath.Dir(abs), e.Name())
		digits, partial := strings.CutSuffix(rest, ".tmp")
		v, err := strconv.Atoi(digits)
		if err != nil || v < 1 || v > current {
			continue
		}
		if partial {
			if err = os.Remove(name); err == nil || errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		if notice != nil {
			notice(fmt.Sprintf("history %s: %s is the copy taken before its upgrade to v%d, which finished; delete it once you no longer need it", abs, name, v))
		}
	}
}

// upgrade is one run of migrate.
type upgrade struct {
	store  *Store
	conn   *sql.Conn
	abs    string
	first  int    // the first version this run applied; 0 when none yet
	backup string // the copy taken before the first step
}

// from is the version the history had before this run changed it.
func (u *upgrade) from(current int) int {
	if u.first > 0 {
		return u.first - 1
	}
	return current
}

// apply brings the history up to the last of ms in one IMMEDIATE
// transaction: an upgrade is all or nothing, and a second process that
// opens the history meanwhile waits for the lock and then finds it done, so
// exactly one process takes the copy, upgrades and says so.
func (u *upgrade) apply(ctx context.Context, ms []migration) error {
	if err := u.store.lock(ctx); err != nil {
		return err
	}
	defer u.store.unlock()
	var tx *sql.Tx
	err := retry(ctx, func() error {
		var err error
		tx, err = u.conn.BeginTx(ctx, nil) // IMMEDIATE: the DSN's _txlock
		return err
	})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v >= len(ms) {
		return nil // another process got there first
	}
	if v > 0 {
		// The write lock this transaction holds keeps every other writer
		// out, so the copy is the history exactly as the upgrade finds it.
		if err := u.takeBackup(ctx, backupPath(u.abs, v+1)); err != nil {
			return &UpgradeError{From: v, To: v + 1, Err: err}
		}
	}
	for _, m := range ms[v:] {
		fail := func(err error) error {
			return &UpgradeError{From: v, To: m.version, Backup: u.backup, Err: fmt.Errorf("migration %s: %w", m.name, err)}
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fail(err)
		}
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return fail(err)
		}
	}
	// PRAGMA takes no parameters; the version is an int from the file names.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(len(ms))); err != nil {
		return &UpgradeError{From: v, To: len(ms), Backup: u.backup, Err: err}
	}
	if u.backup != "" {
		// The upgraded history is checked, and the copy removed, before
		// the commit makes the upgrade visible: a process opening the
		// history meanwhile finds the old version (and waits for this
		// transaction) or the new one with no copy beside it, never a
		// finished upgrade's copy to report. A failed commit leaves the
		// history as it was, which the copy is no longer needed for.
		if err := integrityCheck(ctx, tx); err != nil {
			return &UpgradeError{From: v, To: len(ms), Backup: u.backup, Err: err}
		}
		if err := os.Remove(u.backup); err != nil {
			return &UpgradeError{From: v, To: len(ms), Backup: u.backup, Err: fmt.Errorf("remove the copy taken before: %w", err)}
		}
	}
	if err := tx.Commit(); err != nil {
		return &UpgradeError{From: v, To: len(ms), Err: fmt.Errorf("commit: %w", err)}
	}
	u.first = v + 1
	return nil
}

// takeBackup copies the history to dst with VACUUM INTO, which cannot run
// inside a transaction: it runs on a second connection, reading the last
// committed state (WAL readers do not wait for the writer). The copy is made
// under a temporary name and renamed, so dst is never half written; a copy
// kept from an earlier failed attempt at the same step is replaced, as the
// history has not changed schema since and holds everything that copy did.
func (u *upgrade) takeBackup(ctx context.Context, dst string) error {
	var c *sql.Conn
	err := retry(ctx, func() error {
		var err error
		c, err = u.store.db.Conn(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("copy the history before upgrading: %w", err)
	}
	defer c.Close()
	tmp := dst + ".tmp"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("copy the history before upgrading: %w", err)
	}
	// The copy holds everything the history does: it is made owner-only
	// before a byte goes into it (VACUUM INTO writes into an empty file
	// and keeps its mode), whatever the umask, so that it is never readable
	// by others, not even while it is written or when easyday is killed then.
	if err := createPrivate(tmp); err != nil {
		return fmt.Errorf("copy the history before upgrading: %w", err)
	}
	if err := vacuumInto(ctx, c, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("copy the history to %s before upgrading: %w", tmp, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("copy the history before upgrading: %w", err)
	}
	u.backup = dst
	return nil
}

// vacuumInto writes the database c reads into the empty file at path (a
// seam for the tests, which look at the file while it is written).
var vacuumInto = func(ctx context.Context, c *sql.Conn, path string) error {
	_, err := c.ExecContext(ctx, "VACUUM INTO ?", path)
	return err
}

// createPrivate creates the empty file path, readable and writable by its
// owner only whatever the umask; it fails when path exists.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	err = f.Chmod(0o600) // the umask may have taken bits off; never adds any
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// foreignKeysOn turns foreign keys back on for the pinned connection and
// checks that they are.
func foreignKeysOn(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON"); err != nil {
		return fmt.Errorf("foreign keys on: %w", err)
	}
	var fk int
	if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("foreign keys on: %w", err)
	}
	if fk != 1 {
		return errors.New("foreign keys could not be turned back on")
	}
	return nil
}
