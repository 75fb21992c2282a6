package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"easyday"
)

// FileRecord is one row of the ledger: a file (or archive member) seen, by path and content.
type FileRecord struct {
	Path       string             `json:"path"`   // file path; archive members as "outer.zip!/member.fit" (nested: "a.zip!/b.zip!/c.fit")
	SHA256     string             `json:"sha256"` // of the decompressed content
	Size       int64              `json:"size"`   // decompressed bytes
	Status     easyday.FileStatus `json:"status"`
	Reason     string             `json:"reason"`     // why, for rejected, skipped and duplicate
	Activities []int64            `json:"activities"` // ids of the activities this file produced (or duplicates: the existing ones it matched); never nil
	SeenUTC    time.Time          `json:"-"`          // when first seen

	// SupersededBy is the path of the file whose content replaced this
	// row's activities (a richer copy, or this path grown); "" when none.
	SupersededBy string `json:"-"`
	// Supersedes, set by Commit, are the paths of the earlier rows whose
	// activities this file's richer copies replaced: those rows are now
	// duplicates, which a run that counted them as ingested must know.
	Supersedes []string `json:"-"`
	// Grows, given to Commit, is the SHA256 of this path's ingested content
	// that the new content starts with: the file grew, and its activities
	// are replaced, keeping their ids, instead of being stored beside it.
	Grows string `json:"-"`
}

// Lookup returns the ledger row for this exact path and content, if any (a
// file seen before with unchanged content is not processed again).
func (s *Store) Lookup(ctx context.Context, path, sha string) (FileRecord, bool, error) {
	var rec FileRecord
	var ok bool
	err := retry(ctx, func() error {
		var err error
		rec, _, ok, err = lookup(s.db, path, sha)
		return err
	})
	if err != nil {
		return FileRecord{}, false, fmt.Errorf("look up %s: %w", path, err)
	}
	return rec, ok, nil
}

// LastIngested returns the most recent ingested ledger row of path, if any:
// the content a file that grew started from.
//
// One query, ordered here: an ORDER BY made SQLite build a sorter on every
// call, for a path that almost always has no row at all.
func (s *Store) LastIngested(ctx context.Context, path string) (FileRecord, bool, error) {
	var rec FileRecord
	var ok bool
	err := retry(ctx, func() error {
		var err error
		rec, ok, err = s.lastIngested(ctx, path)
		return err
	})
	if err != nil {
		return FileRecord{}, false, fmt.Errorf("look up %s: %w", path, err)
	}
	return rec, ok, nil
}

// lastIngested is one attempt of LastIngested.
func (s *Store) lastIngested(ctx context.Context, path string) (FileRecord, bool, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT f.id, f.sha256, f.size, f.reason, f.seen_ms,
		   (SELECT group_concat(activity_id ORDER BY ord) FROM file_activities WHERE file_id = f.id)
		 FROM files f WHERE f.path = ? AND f.status = 'ingested'`, path)
	if err != nil {
		return FileRecord{}, false, err
	}
	defer rows.Close()
	var rec FileRecord
	var bestID, bestSeen int64
	var ids sql.NullString
	found := false
	for rows.Next() {
		var r FileRecord
		var id, seen int64
		var acts sql.NullString
		if err := rows.Scan(&id, &r.SHA256, &r.Size, &r.Reason, &seen, &acts); err != nil {
			return FileRecord{}, false, err
		}
		if !found || laterRow(seen, id, bestSeen, bestID) {
			rec, bestID, bestSeen, ids, found = r, id, seen, acts, true
		}
	}
	if err := rows.Err(); err != nil || !found {
		return FileRecord{}, false, err
	}
	rec.Path, rec.Status, rec.SeenUTC = path, easyday.StatusIngested, time.UnixMilli(bestSeen).UTC()
	rec.Activities = []int64{}
	if ids.Valid {
		for _, f := range strings.Split(ids.String, ",") {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return FileRecord{}, false, fmt.Errorf("file %d: activity id %q", bestID, f)
			}
			rec.Activities = append(rec.Activities, id)
		}
	}
	return rec, true, nil
}

// laterRow reports whether the ledger row (seen, id) is more recent than
// (bestSeen, bestID): seen later, or seen in the same millisecond and
// written after it.
func laterRow(seen, id, bestSeen, bestID int64) bool {
	return seen > bestSeen || seen == bestSeen && id > bestID
}

// LedgerIndex is the ledger as it was when read, for the two questions a
// worker asks about each file before storing it: is this content known at
// this path (Lookup), and what did the path ingest last (LastIngested). A
// run over many files asks it instead of querying the history for each
// file. What another process commits after it was read is not in it: such
// a file is decoded again, and its commit, which looks again inside its
// transaction, finds it there as it would have.
type LedgerIndex struct {
	byPath map[string][]indexRow
}

// indexRow is what a LedgerIndex keeps of one ledger row.
type indexRow struct {
	id, size, seen int64
	sha            string
	ingested       bool
}

// LedgerIndex reads the whole ledger into an index.
func (s *Store) LedgerIndex(ctx context.Context) (*LedgerIndex, error) {
	var x *LedgerIndex
	err := retry(ctx, func() error {
		x = &LedgerIndex{byPath: map[string][]indexRow{}}
		rows, err := s.db.QueryContext(ctx, `SELECT id, path, sha256, size, status, seen_ms FROM files`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r indexRow
			var path, status string
			if err := rows.Scan(&r.id, &path, &r.sha, &r.size, &status, &r.seen); err != nil {
				return err
			}
			st, err := easyday.ParseFileStatus(status)
			if err != nil {
				return fmt.Errorf("file %d: status %w", r.id, err)
			}
			r.ingested = st == easyday.StatusIngested
			x.byPath[path] = append(x.byPath[path], r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read the ledger: %w", err)
	}
	return x, nil
}

// Known reports whether the ledger held content sha at path: Lookup's ok.
func (x *LedgerIndex) Known(path, sha string) bool {
	for _, r := range x.byPath[path] {
		if r.sha == sha {
			return true
		}
	}
	return false
}

// LastIngested returns the size and hash of the most recent ingested row
// of path, as LastIngested does.
func (x *LedgerIndex) LastIngested(path string) (size int64, sha string, ok bool) {
	var best indexRow
	for _, r := range x.byPath[path] {
		if r.ingested && (!ok || laterRow(r.seen, r.id, best.seen, best.id)) {
			best, ok = r, true
		}
	}
	return best.size, best.sha, ok
}

// querier is what both *sql.DB and *sql.Tx offer for reading.
type querier interface {
	QueryRow(query string, args ...any) *sql.Row
	Query(query string, args ...any) (*sql.Rows, error)
}

// lookup reads the ledger row for (path, sha) and its activity ids.
func lookup(q querier, path, sha string) (FileRecord, int64, bool, error) {
	var rec FileRecord
	var id, seen int64
	var status string
	err := q.QueryRow(
		`SELECT id, path, sha256, size, status, reason, seen_ms FROM files WHERE path = ? AND sha256 = ?`,
		path, sha,
	).Scan(&id, &rec.Path, &rec.SHA256, &rec.Size, &status, &rec.Reason, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return FileRecord{}, 0, false, nil
	}
	if err != nil {
		return FileRecord{}, 0, false, err
	}
	if rec.Status, err = easyday.ParseFileStatus(status); err != nil {
		return FileRecord{}, 0, false, fmt.Errorf("file %d: status %w", id, err)
	}
	rec.SeenUTC = time.UnixMilli(seen).UTC()
	rec.Activities, err = fileActivities(q, id)
	if err != nil {
		return FileRecord{}, 0, false, err
	}
	return rec, id, true, nil
}

// fileActivities returns the activity ids linked to ledger row fileID, in order.
func fileActivities(q querier, fileID int64) ([]int64, error) {
	rows, err := q.Query(`SELECT activity_id FROM file_activities WHERE file_id = ? ORDER BY ord`, fileID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Files returns the ledger ordered by first-seen time then path.
func (s *Store) Files(ctx context.Context) ([]FileRecord, error) {
	return s.listFiles(ctx, "", nil, true)
}

// FilesSince returns the ledger rows first seen at or after since, and the
// rows, seen at any time, whose activities a file of a path ingested since
// then took over (their SupersededBy is such a path), ordered as Files
// orders them. It is what the report's data notes read: one day's news,
// not every row ever seen. Their Activities are nil, not read: the notes
// name files, never activities, and reading the links of a whole archive
// imported that day cost a tenth of `report`'s time (docs/benchmarks.md).
func (s *Store) FilesSince(ctx context.Context, since time.Time) ([]FileRecord, error) {
	return s.listFiles(ctx, `f.seen_ms >= ?1 OR f.id IN (
		  SELECT fa.file_id FROM files p
		    JOIN activities a ON a.file_id = p.id
		    JOIN file_activities fa ON fa.activity_id = a.id AND fa.file_id < p.id
		  WHERE p.path IN (SELECT path FROM files WHERE seen_ms >= ?1 AND status = 'ingested'))`,
		[]any{since.UnixMilli()}, false)
}

// listFiles runs the ledger query, with the rows chosen by where ("": all),
// and each row's activities when withLinks is set (only Files, which lists
// every row, reads them).
func (s *Store) listFiles(ctx context.Context, where string, args []any, withLinks bool) ([]FileRecord, error) {
	var recs []FileRecord
	err := retry(ctx, func() error {
		var err error
		recs, err = s.files(ctx, where, args, withLinks)
		return err
	})
	return recs, err
}

// files is one attempt of listFiles.
func (s *Store) files(ctx context.Context, where string, args []any, withLinks bool) ([]FileRecord, error) {
	if where == "" {
		where = "1"
	}
	var links map[int64][]int64
	if withLinks {
		var err error
		if links, err = s.fileLinks(ctx); err != nil {
			return nil, err
		}
	}

	// A row is superseded when an activity it names is now produced by a
	// later row (a duplicate names activities of earlier rows only): by
	// the first such row. Its id as a min, not as the first of an ORDER BY,
	// spares SQLite a sorter for every row.
	rows, err := s.db.QueryContext(ctx, `SELECT f.id, f.path, f.sha256, f.size, f.status, f.reason, f.seen_ms,
		  coalesce((SELECT p.path FROM files p WHERE p.id = (SELECT min(a.file_id) FROM file_activities fa
		    JOIN activities a ON a.id = fa.activity_id WHERE fa.file_id = f.id AND a.file_id > f.id)), '')
		FROM files f WHERE `+where+` ORDER BY f.seen_ms, f.path, f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	defer rows.Close()
	recs := []FileRecord{}
	for rows.Next() {
		var rec FileRecord
		var id, seen int64
		var status string
		if err := rows.Scan(&id, &rec.Path, &rec.SHA256, &rec.Size, &status, &rec.Reason, &seen, &rec.SupersededBy); err != nil {
			return nil, fmt.Errorf("list files: %w", err)
		}
		var err error
		if rec.Status, err = easyday.ParseFileStatus(status); err != nil {
			return nil, fmt.Errorf("list files: file %d: status %w", id, err)
		}
		rec.SeenUTC = time.UnixMilli(seen).UTC()
		if withLinks {
			rec.Activities = links[id]
			if rec.Activities == nil {
				rec.Activities = []int64{}
			}
		}
		recs = append(recs, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	return recs, nil
}

// fileLinks reads the activities of every ledger row, by row, in order.
func (s *Store) fileLinks(ctx context.Context) (map[int64][]int64, error) {
	links := map[int64][]int64{}
	rows, err := s.db.QueryContext(ctx, `SELECT file_id, activity_id FROM file_activities ORDER BY file_id, ord`)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f, a int64
		if err := rows.Scan(&f, &a); err != nil {
			return nil, fmt.Errorf("list files: %w", err)
		}
		links[f] = append(links[f], a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	return links, nil
}

// commitTx does Batch.Commit's work inside the transaction. It returns the stored
// row and, for an ingested file, the id inserted for each act (0 when left
// out).
func commitTx(tx *sql.Tx, f FileRecord, acts []easyday.Activity, streams [][]byte) (FileRecord, []int64, error) {
	if rec, _, ok, err := lookup(tx, f.Path, f.SHA256); err != nil {
		return FileRecord{}, nil, err
	} else if ok {
		return rec, nil, nil
	}

	out := FileRecord{Path: f.Path, SHA256: f.SHA256, Size: f.Size, Status: f.Status, Reason: f.Reason, SeenUTC: f.SeenUTC, Activities: []int64{}}
	if f.Status != easyday.StatusIngested {
		_, err := insertFile(tx, out)
		return out, nil, err
	}

	if f.Grows != "" {
		if grown, ids, ok, err := growTx(tx, f, out, acts, streams); err != nil || ok {
			return grown, ids, err
		}
	}

	// Same content under another path.
	otherID, otherPath, ok, err := sameContent(tx, f.SHA256)
	if err != nil {
		return FileRecord{}, nil, err
	}
	if ok {
		if out.Activities, err = fileActivities(tx, otherID); err != nil {
			return FileRecord{}, nil, err
		}
		out.Status = easyday.StatusDuplicate
		out.Reason = "same content as " + otherPath
		return out, nil, insertDuplicate(tx, out)
	}

	// The same activities in another file; a richer copy replaces the one
	// stored.
	matches, all, richer, err := matchActivities(tx, acts, streams)
	if err != nil {
		return FileRecord{}, nil, err
	}
	if all && !richer {
		out.Status = easyday.StatusDuplicate
		out.Reason = "same activity as " + matches[0].path
		seen := map[int64]bool{}
		for _, m := range matches {
			if !seen[m.id] { // a file that repeats one activity names it once
				seen[m.id] = true
				out.Activities = append(out.Activities, m.id)
			}
			if err := keepSpecificSport(tx, m); err != nil {
				return FileRecord{}, nil, err
			}
		}
		return out, nil, insertDuplicate(tx, out)
	}
	return storeActivities(tx, f, out, acts, streams, matches)
}

// insertFile writes the ledger row and returns its id.
func insertFile(tx *sql.Tx, f FileRecord) (int64, error) {
	res, err := tx.Exec(
		`INSERT INTO files (path, sha256, size, status, reason, seen_ms) VALUES (?, ?, ?, ?, ?, ?)`,
		f.Path, f.SHA256, f.Size, f.Status, f.Reason, f.SeenUTC.UnixMilli(),
	)
	if err != nil {
		return 0, fmt.Errorf("insert ledger row: %w", err)
	}
	return res.LastInsertId()
}

// linkActivities records, in order, the activities a ledger row stands for.
func linkActivities(tx *sql.Tx, fileID int64, ids []int64) error {
	for i, id := range ids {
		if _, err := tx.Exec(`INSERT INTO file_activities (file_id, ord, activity_id) VALUES (?, ?, ?)`, fileID, i, id); err != nil {
			return fmt.Errorf("link activity %d: %w", id, err)
		}
	}
	return nil
}

// insertActivity writes one activity row and its stream, and returns its id:
// id when not 0 (a replacement), else a new one.
// An activity's SHA256 and Source default to the file's; its metrics are
// recorded as computed by easyday.MetricsVersion.
func insertActivity(tx *sql.Tx, id, fileID int64, f FileRecord, a easyday.Activity, stream []byte) (int64, error) {
	if a.SHA256 == "" {
		a.SHA256 = f.SHA256
	}
	if a.Source == "" {
		a.Source = f.Path
	}
	warnings, err := encodeWarnings(a.Warnings)
	if err != nil {
		return 0, err
	}
	res, err := tx.Exec(
		`INSERT INTO activities (id, file_id, sha256, source, format, sport, sub_sport, start_ms, utc_offset_s,
		   local_date, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
		   z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
		   load, load_source, warnings, dropped, metrics_version, ngp_s_per_km, pace_load, thresholds_key,
		   est_lthr, est_ftp, est_threshold_pace_s_per_km, est_max_hr)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sql.NullInt64{Int64: id, Valid: id != 0}, fileID, a.SHA256, a.Source, a.Format, string(a.Sport), a.SubSport, a.StartUTC.UnixMilli(), a.UTCOffsetS,
		int64(a.LocalDate), a.ElapsedS, a.TimerS, a.DistanceM, a.HRS, a.AvgHR, a.MaxHR,
		a.Zones.Z1, a.Zones.Z2, a.Zones.Z3, a.Zones.Z4, a.Zones.Z5a, a.Zones.Z5b, a.Zones.Z5c,
		a.TRIMP, a.HRSS, a.NPW, a.PowerTSS, a.Load, a.LoadSource, warnings, a.Dropped, easyday.MetricsVersion,
		a.NGPSPerKm, a.PaceLoad, a.ScoredWith,
		a.Estimates.LTHR, a.Estimates.FTP, a.Estimates.ThresholdPace, a.Estimates.MaxHR,
	)
	if err != nil {
		return 0, fmt.Errorf("insert activity: %w", err)
	}
	id, err = res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(`INSERT INTO streams (activity_id, segments) VALUES (?, ?)`, id, stream); err != nil {
		return 0, fmt.Errorf("insert stream: %w", err)
	}
	return id, nil
}
