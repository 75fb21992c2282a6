// Package history is easyday's SQLite store: the ledger of files seen, the
// analysed activities with their segment streams, and a scan cache. It is the
// only package that imports the SQLite driver.
//
// Several processes (a watcher, a cron run) may open the same database at
// once: the database runs in WAL mode, every write is one IMMEDIATE
// transaction that waits up to busyTimeout for the lock, and unique keys make
// a file committed twice by two processes one row.
package history

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// busyTimeout is how long a write waits for another process's transaction
// before giving up with "database is locked".
const busyTimeout = 10 * time.Second

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is the easyday history database.
type Store struct {
	db *sql.DB
	// wmu serialises this process's write transactions: SQLite's busy
	// handler polls with sleeps, so writers of one process queue here
	// fairly instead, and only other processes wait on the file lock.
	wmu sync.Mutex
}

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

// dsn builds the driver's connection string for the database file at abs.
// The file: URI form lets any path through: '%', '?' and '#' are escaped.
func dsn(abs string) string {
	p := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(filepath.ToSlash(abs))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/…
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	q.Set("_txlock", "immediate")
	q.Set("_foreign_keys", "1")
	// NORMAL is durable across application crashes in WAL mode; only a power
	// loss can lose the last commits, never corrupt the database.
	q.Set("_synchronous", "NORMAL")
	return "file://" + p + "?" + q.Encode()
}

// Open opens (creating when missing) the history database at path and brings
// its schema up to date. The file is created readable by its owner only, in a
// directory created with mode 0700 when missing.
func Open(path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open history: %w", err)
	}
	// SQLite would create the file with 0644 less the umask; creating it
	// first fixes the mode, and SQLite gives the -wal and -shm files the
	// database file's mode.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open history: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("open history: %w", err)
	}

	db, err := sql.Open("sqlite3", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("open history %s: %w", abs, err)
	}
	s := &Store{db: db}
	if err := s.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open history %s: %w", abs, err)
	}
	return s, nil
}

// init checks the connection settings and applies pending migrations.
func (s *Store) init() error {
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, not wal: the file system may not support shared memory (network drive?)", mode)
	}
	var fk int
	if err := s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("foreign keys could not be enabled")
	}
	return s.migrate()
}

// migrate applies each pending migration in its own transaction. The version
// is read again inside the transaction, so that two processes opening a new
// database at once apply each step exactly once.
func (s *Store) migrate() error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var current int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("database schema version %d is newer than this easyday knows (%d): upgrade easyday", current, len(ms))
	}
	for _, m := range ms[current:] {
		if err := s.apply(m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration and sets user_version in the same transaction.
func (s *Store) apply(m migration) error {
	return s.write(func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if v >= m.version {
			return nil // another process got there first
		}
		if _, err := tx.Exec(m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		// PRAGMA takes no parameters; the version is an int from the file name.
		if _, err := tx.Exec("PRAGMA user_version = " + strconv.Itoa(m.version)); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		return nil
	})
}

// write runs fn in one IMMEDIATE transaction (the DSN's _txlock), committing
// when fn returns nil and rolling back otherwise.
func (s *Store) write(fn func(tx *sql.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close history: %w", err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless it
// says ok. It also runs PRAGMA foreign_key_check, which integrity_check
// leaves out.
func (s *Store) IntegrityCheck() error {
	rows, err := s.db.Query("PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}

	fkRows, err := s.db.Query("PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	for fkRows.Next() {
		var table, parent string
		var rowid, fkid sql.NullInt64
		if err := fkRows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			fkRows.Close()
			return fmt.Errorf("foreign key check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("%s row %d refers to a missing %s row", table, rowid.Int64, parent))
	}
	fkRows.Close()
	if err := fkRows.Err(); err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}

	if len(problems) > 0 {
		const shown = 5
		more := ""
		if len(problems) > shown {
			more = fmt.Sprintf(" (and %d more)", len(problems)-shown)
			problems = problems[:shown]
		}
		return fmt.Errorf("history database is damaged: %s%s", strings.Join(problems, "; "), more)
	}
	return nil
}

// Seen returns the content hash recorded for the file at path when its size
// and modification time are unchanged, so that a rescan need not read it.
func (s *Store) Seen(path string, size int64, mtime time.Time) (sha string, ok bool, err error) {
	err = s.db.QueryRow(
		`SELECT sha256 FROM scan_cache WHERE path = ? AND size = ? AND mtime_s = ? AND mtime_ns = ?`,
		path, size, mtime.Unix(), mtime.Nanosecond(),
	).Scan(&sha)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("scan cache %s: %w", path, err)
	}
	return sha, true, nil
}

// MarkSeen records the content hash of the file at path with its size and
// modification time, replacing what was recorded for that path.
func (s *Store) MarkSeen(path string, size int64, mtime time.Time, sha string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.db.Exec(
		`INSERT INTO scan_cache (path, size, mtime_s, mtime_ns, sha256) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_s = excluded.mtime_s,
		   mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256`,
		path, size, mtime.Unix(), mtime.Nanosecond(), sha,
	)
	if err != nil {
		return fmt.Errorf("scan cache %s: %w", path, err)
	}
	return nil
}
