// Package history is easyday's SQLite store: the ledger of files seen, the
// analysed activities with their segment streams, and a scan cache. It is the
// only package that imports the SQLite driver.
//
// Several processes (a watcher, a cron run) may open the same database at
// once: the database runs in WAL mode, every write is one IMMEDIATE
// transaction that waits up to busyTimeout for the lock (stopping as soon as
// the caller's context is done), and unique keys make a file committed twice
// by two processes one row. Every method that touches the database takes a
// context.
package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// driverName is the driver a Store's connections use: the SQLite driver
// with the settings its connection string cannot carry.
const driverName = "sqlite3-easyday"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		// Each file of a bulk import is committed under a savepoint
		// inside the batch's transaction, and a savepoint keeps the
		// first image of every page it changes: on disk (the default)
		// these went to a temporary file, page by page; in memory they
		// cost a copy, and only while the file's savepoint is open.
		//
		// A checkpoint copies the write-ahead log into the database and
		// syncs both, in the writer, while the workers wait once their
		// queue is full: walCheckpointPages lets the log grow to 40 MB
		// first (a few thousand files), and journal_size_limit cuts the
		// file back once it has been copied, so that a watcher running
		// for weeks keeps no larger log on disk than at SQLite's
		// default. The figures: docs/benchmarks.md, "Settings measured".
		for _, pragma := range []string{
			"PRAGMA temp_store = MEMORY",
			"PRAGMA wal_autocheckpoint = " + strconv.Itoa(walCheckpointPages),
			"PRAGMA journal_size_limit = " + strconv.Itoa(walKeepBytes),
		} {
			if _, err := c.Exec(pragma, nil); err != nil {
				return err
			}
		}
		return nil
	}})
}

// walCheckpointPages is the write-ahead log's length, in pages, at which a
// commit copies it into the database (SQLite's wal_autocheckpoint; its
// default is 1,000): 10,000 pages of 4 KB.
const walCheckpointPages = 10000

// walKeepBytes is what the write-ahead log file is cut back to after a
// checkpoint (journal_size_limit): about what SQLite's default checkpoint
// leaves.
const walKeepBytes = 4 << 20

// Store is the easyday history database.
type Store struct {
	db *sql.DB
	// wturn (capacity 1) serialises this process's write transactions;
	// see lock.
	wturn chan struct{}
	// abs and file are the history's path and the file it named when
	// opened: a write checks that it still does (stillThere).
	abs  string
	file os.FileInfo
	// writeback is held while startWriteback's goroutine runs.
	writeback sync.Mutex
	// final is where a history made for a first import (Options.Import)
	// goes when Publish links it into place; "" once it is there, and for
	// every other store. While it is set, abs is the private file.
	final string
	opts  Options     // what Publish opens the history at final with
	ms    []migration // (its migrations)
}

// dsn builds the driver's connection string for the database file at abs.
// The file: URI form lets any path through: '%', '?' and '#' are escaped.
func dsn(abs string) string { return connString(abs, "WAL", "NORMAL") }

// connString is dsn with the journal mode and synchronous setting given.
func connString(abs, journal, synchronous string) string {
	q := url.Values{}
	q.Set("_journal_mode", journal)
	q.Set("_busy_timeout", strconv.Itoa(int(lockPoll/time.Millisecond)))
	q.Set("_txlock", "immediate")
	q.Set("_foreign_keys", "1")
	// NORMAL is durable across application crashes in WAL mode; only a power
	// loss can lose the last commits, never corrupt the database.
	q.Set("_synchronous", synchronous)
	// Each connection keeps its prepared statements: a file's commit runs
	// about a dozen, and preparing them anew for every file was a third of
	// the writer's time.
	q.Set("_stmt_cache_size", "64")
	// database/sql hands a connection to one goroutine at a time, so
	// SQLite's own lock around every call on it (its serialized mode) only
	// cost a pthread mutex each time: multi-thread mode leaves it out
	// (docs/benchmarks.md, "Settings measured").
	q.Set("_mutex", "no")
	return fileURI(abs) + "?" + q.Encode()
}

// checkDSN is the connection string Check reads with. It sets no journal
// mode, which would rewrite a history in another mode (as one salvaged by
// sqlite3 is). It is not read-only: a read-only connection to a WAL history
// leaves -wal and -shm files behind, where a writable one tidies them away
// on closing.
func checkDSN(abs string) string {
	q := url.Values{}
	q.Set("_busy_timeout", strconv.Itoa(int(lockPoll/time.Millisecond)))
	return fileURI(abs) + "?" + q.Encode()
}

// fileURI is the file: URI of abs.
func fileURI(abs string) string {
	p := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(filepath.ToSlash(abs))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/…
	}
	return "file://" + p
}

// Options are what the caller of Open supplies besides the path.
type Options struct {
	// Notice receives the lines Open has to say to the person running
	// easyday (one line when the history was upgraded). History never
	// writes to the terminal itself; nil says nothing.
	Notice func(msg string)
	// Import is set by the commands that import files in bulk (ingest,
	// run). When the history does not exist yet, Open makes it in its
	// private file beside the path, as every new history is made, but
	// fills it there too: with its rollback journal in memory and no
	// syncs, each page written once, where a history in place writes
	// every page to its write-ahead log and copies it into the database
	// when it closes. Publish then syncs the file once and links it into
	// place whole (docs/architecture.md, "Crash safety").
	Import bool
}

// ErrNewerSchema marks a history written by a newer easyday than this one.
var ErrNewerSchema = errors.New("history schema is newer than this easyday")

// ErrEmpty marks a history file of zero bytes. easyday never leaves one
// behind (a new history appears whole), so it is somebody else's file or a
// damaged one, and it is not silently turned into a new empty history.
var ErrEmpty = errors.New("this is not an easyday history: it is empty; move it aside to start a new one")

// newerSchemaError says which versions were found.
type newerSchemaError struct{ found, known int }

func (e *newerSchemaError) Error() string {
	return fmt.Sprintf("database schema version %d is newer than this easyday knows (%d): upgrade easyday", e.found, e.known)
}

func (e *newerSchemaError) Is(target error) bool { return target == ErrNewerSchema }

// Open opens the history database at path, creating it when missing, and
// brings its schema up to date. A new file is created readable by its owner
// only, in a directory created with mode 0700 when missing. Every error
// names the file ("history /path: …").
func Open(ctx context.Context, path string, o Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	s, err := openOrCreate(ctx, abs, o)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", abs, err)
	}
	return s, nil
}

// openOrCreate is Open for an absolute path.
func openOrCreate(ctx context.Context, abs string, o Options) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, err
	}
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	removeStaleNew(abs, time.Now())
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist) && o.Import:
		return createForImport(ctx, abs, o, ms)
	case errors.Is(err, fs.ErrNotExist):
		if err := create(ctx, abs, ms); err != nil {
			return nil, fmt.Errorf("create: %w", err)
		}
	case err != nil:
		return nil, err
	case fi.Mode().IsRegular() && fi.Size() == 0:
		return nil, ErrEmpty
	}
	return open(ctx, abs, o, ms)
}

// open opens an existing database file and applies the pending steps of ms.
func open(ctx context.Context, abs string, o Options, ms []migration) (*Store, error) {
	return openWith(ctx, abs, dsn(abs), "", o, ms)
}

// openWith is open through the connection string dsn; final is the path a
// first import's private file goes to (Store.final), or "".
func openWith(ctx context.Context, abs, dsn, final string, o Options, ms []migration) (*Store, error) {
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, wturn: make(chan struct{}, 1), abs: abs, final: final, opts: o, ms: ms}
	if fi, err := os.Stat(abs); err == nil {
		s.file = fi
	}
	if err := s.init(ctx, abs, o, ms); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// newSuffix marks the private file a new history is made in (with its -wal
// and -shm while it is open); staleNew is the age past which one is left
// over from a creation or a first import that was killed (creating takes
// milliseconds, and an import's commits, at most 200 ms apart while files
// come, refresh the file's modification time: a younger one may be
// another process's creation or import in progress).
const (
	newSuffix = ".new-"
	staleNew  = 10 * time.Minute
)

// IsOwnFile reports whether path is the history file db or one that
// belongs with it: SQLite's journals of it, and the private file a new
// history is made in (with its journals) until it is linked into place.
// None of them is ever input.
func IsOwnFile(db, path string) bool {
	rest, ok := strings.CutPrefix(path, db)
	switch {
	case !ok:
		return false
	case rest == "", rest == "-wal", rest == "-shm", rest == "-journal":
		return true
	}
	return strings.HasPrefix(rest, newSuffix)
}

// removeStaleNew removes the private files killed creations of the history
// at abs left beside it.
func removeStaleNew(abs string, now time.Time) {
	entries, err := os.ReadDir(filepath.Dir(abs))
	if err != nil {
		return // the open that follows reports what is wrong with the folder
	}
	prefix := filepath.Base(abs) + newSuffix
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleNew {
			_ = os.Remove(filepath.Join(filepath.Dir(abs), e.Name()))
		}
	}
}

// create makes a new history at abs. The schema is written to a private
// file beside it, which is then linked into place: a first open never sees
// another process's half-made history, never waits on its lock, and a
// history file of zero bytes is never easyday's own.
func create(ctx context.Context, abs string, ms []migration) error {
	tmp, err := privateFile(abs)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := makeSchema(ctx, tmp, ms); err != nil {
		return err
	}
	if err := place(tmp, abs); err != nil && !errors.Is(err, fs.ErrExist) {
		return err // fs.ErrExist: another process created it first, whole too
	}
	return nil
}

// privateFile creates the private file a new history of abs is made in,
// readable by its owner only, and returns its path.
func privateFile(abs string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(abs), filepath.Base(abs)+newSuffix+"*") // mode 0600
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	err = f.Chmod(0o600) // whatever the umask: SQLite gives its -wal and -shm this mode too
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
}

// place links the finished private file tmp into place at abs (or renames
// it, on a file system without hard links) and syncs the folder. It
// returns fs.ErrExist when a history is there already: another process
// created one meanwhile, and tmp is left where it is.
func place(tmp, abs string) error {
	switch err := os.Link(tmp, abs); {
	case errors.Is(err, fs.ErrExist):
		return fs.ErrExist
	case err != nil:
		// No hard links on this file system: rename, unless another
		// process has created the history meanwhile.
		if _, serr := os.Lstat(abs); serr == nil {
			return fs.ErrExist
		}
		if err := os.Rename(tmp, abs); err != nil {
			return err
		}
	}
	syncDir(filepath.Dir(abs))
	return nil
}

// createForImport makes a new history for a first import (Options.Import) in
// its private file and opens it there, to be linked into place by Publish.
// Nobody else opens that file, and a run killed part way leaves it to be
// removed (removeStaleNew) and its files to be read again by the next
// run, so it needs neither a journal on disk nor syncs: its connections
// keep their rollback journal in memory (a failed file's savepoint still
// rolls back) and run with synchronous=OFF. The file is put in WAL mode
// first, and back in it when it is published: a folder whose file system
// cannot share the log's index (a network drive) fails here, as any
// history there fails to open, before a file is read, not once the import
// is done.
func createForImport(ctx context.Context, abs string, o Options, ms []migration) (*Store, error) {
	tmp, err := privateFile(abs)
	if err != nil {
		return nil, err
	}
	if err := setWAL(ctx, fileURI(tmp)+"?_synchronous=OFF"); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	s, err := openWith(ctx, tmp, connString(tmp, "MEMORY", "OFF"), abs, o, ms)
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	return s, nil
}

// ErrCreatedMeanwhile is what Publish returns when another process created
// the history while this store filled its own new one for a first import:
// what this store held is not kept, and the store now holds the other
// history, into which its import must be run again.
var ErrCreatedMeanwhile = errors.New("another process created the history meanwhile")

// ErrNotKept marks a first import that Publish could not put in place (its
// file would not go into WAL mode, sync or link): the file is removed, and
// nothing of the run is kept.
var ErrNotKept = errors.New("nothing of this run was kept")

// Publish links a history made for a first import (Options.Import) into
// place once the import has ended, also when it ended early: the file is
// put in WAL mode, synced once and linked whole, and the store opens it
// there, as Open opens any history. A store that is in place already is
// left as it is. When another process created the history meanwhile,
// Publish opens that one and returns ErrCreatedMeanwhile; when the file
// could not be put in place, it returns ErrNotKept. Any error other than
// ErrCreatedMeanwhile leaves the store closed.
func (s *Store) Publish(ctx context.Context) error {
	if s.final == "" {
		return nil
	}
	tmp, abs := s.abs, s.final
	if err := s.stillThere(); err != nil {
		s.final = "" // gone, or another file now: nothing to link or remove
		s.db.Close()
		return err
	}
	s.final = ""
	err := s.seal(ctx)
	if err == nil {
		err = placeImport(tmp, abs)
	}
	// Linked, the history's name stays; removed before the history is
	// opened again, as a name of an open file may not be removable
	// elsewhere than unix.
	os.Remove(tmp)
	raced := errors.Is(err, fs.ErrExist)
	if err != nil && !raced {
		return fmt.Errorf("history %s: %w; %w", abs, err, ErrNotKept)
	}
	o, err := open(ctx, abs, s.opts, s.ms)
	if err != nil {
		return fmt.Errorf("history %s: %w", abs, err)
	}
	s.db, s.abs, s.file = o.db, o.abs, o.file
	if raced {
		return fmt.Errorf("history %s: %w", abs, ErrCreatedMeanwhile)
	}
	return nil
}

// placeImport is place for Publish; tests replace it to see a link fail.
var placeImport = place

// walMode reports a journal mode that is not WAL: SQLite keeps the mode it
// had when the file system cannot share the log's index.
func walMode(mode string) error {
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, not wal: the file system may not support shared memory (network drive?)", mode)
	}
	return nil
}

// seal turns the private file of a first import into a history in WAL
// mode, closes it and syncs it. A file that stays in another mode is not
// linked into place (Open would refuse it there).
func (s *Store) seal(ctx context.Context) error {
	s.writeback.Lock() // a writeback in flight ends first
	defer s.writeback.Unlock()
	var mode string
	err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
	if err == nil {
		err = walMode(mode)
	}
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return syncFile(s.abs)
}

// makeSchema writes the schema of ms into the private file tmp, in WAL
// mode, and syncs it once. Nobody else opens tmp, and a creation killed
// part way leaves it to be removed (removeStaleNew), so SQLite's own
// syncs (of its journal, log and folder, eight of them: most of the
// time a new history took) buy nothing there: its connections run with
// synchronous=OFF, and the one sync that matters, of the whole file
// before it is linked into place, is ours.
func makeSchema(ctx context.Context, tmp string, ms []migration) error {
	q := url.Values{}
	q.Set("_synchronous", "OFF")
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	tmpDSN := fileURI(tmp) + "?" + q.Encode()
	if err := setWAL(ctx, tmpDSN); err != nil {
		return err
	}
	s, err := openWith(ctx, tmp, tmpDSN, "", Options{}, ms)
	if err != nil {
		return err
	}
	// Everything into the main file, so that linking it alone moves it all.
	var busy, logFrames, done int
	err = s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err == nil && busy != 0 {
		err = errors.New("could not checkpoint the new schema")
	}
	if err != nil {
		return err
	}
	return syncFile(tmp)
}

// setWAL puts the database file that dsn names in WAL mode, on a
// connection of its own, and reports a file system that cannot share the
// log's index (walMode). It is set here rather than in the connection
// string, which would set it before synchronous=OFF, with the syncs of a
// journal.
func setWAL(ctx context.Context, dsn string) error {
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return err
	}
	return walMode(mode)
}

// syncFile makes the contents of the file at path durable.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes the names in the folder at dir durable, where the system
// allows a folder to be synced (not Windows): a new history's link.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// init checks the connection settings and applies pending migrations.
func (s *Store) init(ctx context.Context, abs string, o Options, ms []migration) error {
	var mode string
	if err := retry(ctx, func() error { return s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode) }); err != nil {
		return err
	}
	if s.final == "" {
		if err := walMode(mode); err != nil {
			return err
		}
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return err
	}
	if fk != 1 {
		return errors.New("foreign keys could not be enabled")
	}
	return s.migrate(ctx, abs, ms, o.Notice)
}

// write runs fn in one IMMEDIATE transaction (the DSN's _txlock), committing
// when fn returns nil and rolling back otherwise.
// Waiting for the lock stops when ctx is done; so does the transaction,
// rolled back.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.lock(ctx); err != nil {
		return err
	}
	defer s.unlock()
	var tx *sql.Tx
	err := retry(ctx, func() error {
		var err error
		tx, err = s.db.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := s.stillThere(); err != nil {
		tx.Rollback()
		return err
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
//
// A history made for a first import that was not published yet is
// published first (Publish): what its import committed stays.
func (s *Store) Close() error {
	if err := s.Publish(context.Background()); err != nil && !errors.Is(err, ErrCreatedMeanwhile) {
		return err
	}
	s.writeback.Lock() // a writeback in flight ends first
	defer s.writeback.Unlock()
	stop := s.writebackDuringCheckpoint()
	defer stop()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close history: %w", err)
	}
	return nil
}

// Seen reports whether the file at path was recorded by MarkSeen with this
// size and modification time, so that a rescan need not read it again.
func (s *Store) Seen(ctx context.Context, path string, size int64, mtime time.Time) (bool, error) {
	var e seenAs
	err := retry(ctx, func() error {
		return s.db.QueryRowContext(ctx, `SELECT size, mtime_s, mtime_ns FROM scan_cache WHERE path = ?`, path).
			Scan(&e.size, &e.sec, &e.nsec)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("scan cache %s: %w", path, err)
	}
	return e.is(size, mtime), nil
}

// ScanCache is the scan cache as it was when read: what Seen answers, for
// every path, from one query. A run over many files asks it instead of
// querying the history for each file (most of a nightly run with nothing
// new). A file another process records after the snapshot is read again
// and found known by its content, as it would be without the cache.
type ScanCache struct {
	seen map[string]seenAs
}

// seenAs is what MarkSeen recorded of a path.
type seenAs struct {
	size, sec int64
	nsec      int
}

// is reports whether a file of this size and modification time is the one
// recorded: the same size and the same time to the nanosecond.
func (e seenAs) is(size int64, mtime time.Time) bool {
	return e.at(size, mtime.Unix(), mtime.Nanosecond())
}

// at is is with the time in seconds and nanoseconds since 1970.
func (e seenAs) at(size, sec int64, nsec int) bool {
	return e.size == size && e.sec == sec && e.nsec == nsec
}

// ScanCache reads the whole scan cache.
func (s *Store) ScanCache(ctx context.Context) (*ScanCache, error) {
	var c *ScanCache
	err := retry(ctx, func() error {
		var n int
		var all []byte
		if err := s.db.QueryRowContext(ctx, scanCacheAll).Scan(&n, &all); err != nil {
			return err
		}
		var err error
		c, err = parseScanCache(n, all)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("scan cache: %w", err)
	}
	return c, nil
}

// scanCacheAll reads the whole scan cache as one row: its count, and
// each entry as "size,mtime_s,mtime_ns,bytes,path" with bytes the path's
// length in bytes, one after the other. Row by row through database/sql,
// each entry cost several calls into SQLite and a conversion of each
// column, about half of reading the cache (docs/benchmarks.md).
const scanCacheAll = `SELECT count(*), coalesce(group_concat(size || ',' || mtime_s || ',' || mtime_ns || ',' ||
	length(CAST(path AS BLOB)) || ',' || path, ''), '') FROM scan_cache`

// parseScanCache reads the n entries of scanCacheAll's text.
func parseScanCache(n int, all []byte) (*ScanCache, error) {
	c := &ScanCache{seen: make(map[string]seenAs, n)}
	// num reads a decimal integer and the comma after it.
	num := func() (int64, error) {
		i := bytes.IndexByte(all, ',')
		if i < 0 {
			return 0, errors.New("the text ends inside an entry")
		}
		v, err := strconv.ParseInt(string(all[:i]), 10, 64)
		all = all[i+1:]
		return v, err
	}
	for range n {
		var e seenAs
		var nsec, size int64
		var err error
		if e.size, err = num(); err != nil {
			return nil, err
		}
		if e.sec, err = num(); err != nil {
			return nil, err
		}
		if nsec, err = num(); err != nil {
			return nil, err
		}
		if size, err = num(); err != nil {
			return nil, err
		}
		if size < 0 || size > int64(len(all)) {
			return nil, errors.New("the text ends inside an entry")
		}
		e.nsec = int(nsec)
		c.seen[string(all[:size])] = e
		all = all[size:]
	}
	if len(all) != 0 {
		return nil, errors.New("the text holds more entries than counted")
	}
	return c, nil
}

// Seen is Store.Seen as of the snapshot.
func (c *ScanCache) Seen(path string, size int64, mtime time.Time) bool {
	return c.SeenAt(path, size, mtime.Unix(), mtime.Nanosecond())
}

// SeenAt is Seen with the modification time in seconds and nanoseconds
// since 1970 (time.Time's Unix and Nanosecond), as a file's stat has it.
func (c *ScanCache) SeenAt(path string, size, sec int64, nsec int) bool {
	e, ok := c.seen[path]
	return ok && e.at(size, sec, nsec)
}

// Has reports whether the snapshot holds a record of path, of any size and
// modification time: a path it lacks is never Seen.
func (c *ScanCache) Has(path string) bool {
	_, ok := c.seen[path]
	return ok
}
