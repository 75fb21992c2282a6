package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"easyday"
)

// Duplicate activity rule: the same activity arriving in another file starts
// within dupStartWindow of the stored one, has the same sport, and a timer
// time within dupTimerFraction of the stored one's.
const (
	dupStartWindow   = 60 * time.Second
	dupTimerFraction = 0.05
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
	var recs []FileRecord
	err := retry(ctx, func() error {
		var err error
		recs, err = s.files(ctx)
		return err
	})
	return recs, err
}

// files is one attempt of Files.
func (s *Store) files(ctx context.Context) ([]FileRecord, error) {
	links := map[int64][]int64{}
	rows, err := s.db.QueryContext(ctx, `SELECT file_id, activity_id FROM file_activities ORDER BY file_id, ord`)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	for rows.Next() {
		var f, a int64
		if err := rows.Scan(&f, &a); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list files: %w", err)
		}
		links[f] = append(links[f], a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}

	rows, err = s.db.QueryContext(ctx, `SELECT id, path, sha256, size, status, reason, seen_ms FROM files ORDER BY seen_ms, path, id`)
	if err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	defer rows.Close()
	recs := []FileRecord{}
	for rows.Next() {
		var rec FileRecord
		var id, seen int64
		var status string
		if err := rows.Scan(&id, &rec.Path, &rec.SHA256, &rec.Size, &status, &rec.Reason, &seen); err != nil {
			return nil, fmt.Errorf("list files: %w", err)
		}
		var err error
		if rec.Status, err = easyday.ParseFileStatus(status); err != nil {
			return nil, fmt.Errorf("list files: file %d: status %w", id, err)
		}
		rec.SeenUTC = time.UnixMilli(seen).UTC()
		rec.Activities = links[id]
		if rec.Activities == nil {
			rec.Activities = []int64{}
		}
		recs = append(recs, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list files: %w", err)
	}
	return recs, nil
}

// Commit stores one file's outcome in one IMMEDIATE transaction and returns
// the row as stored.
//
//   - Status rejected or skipped: writes the ledger row; acts are ignored.
//   - Status ingested: when another ledger row already has this content and
//     status ingested or duplicate, the file becomes a duplicate of it ("same
//     content as <path>", with that row's activities). Otherwise each activity
//     is checked against the stored ones (same sport, start within 60 s, timer
//     within 5% of the stored one's). When every activity is already stored
//     the file becomes a duplicate ("same activity as <path of the file that
//     first produced it>", with the matched ids); otherwise the new activities
//     are inserted with their segments, the others are left out and named in
//     Reason, and Activities lists the inserted ids. A file with no
//     activities is recorded as ingested with none.
//
// On success the ID and MetricsVersion of each inserted activity are set in
// acts (ID 0 for those left out). An activity's empty SHA256 and Source are taken from the file.
// The same (path, sha) committed twice, even by two processes at once, makes
// one row: the second Commit returns the existing row unchanged. A zero
// SeenUTC means now. Times are kept to the millisecond.
func (s *Store) Commit(ctx context.Context, f FileRecord, acts []easyday.Activity) (FileRecord, error) {
	switch f.Status {
	case easyday.StatusIngested, easyday.StatusSkipped, easyday.StatusRejected:
	default:
		return FileRecord{}, fmt.Errorf("commit %s: status %q is not ingested, skipped or rejected", f.Path, f.Status)
	}
	if f.SeenUTC.IsZero() {
		f.SeenUTC = time.Now()
	}
	f.SeenUTC = time.UnixMilli(f.SeenUTC.UnixMilli()).UTC()

	// Streams are encoded before the transaction so that the write lock is
	// held only for the inserts.
	var streams [][]byte
	if f.Status == easyday.StatusIngested {
		streams = make([][]byte, len(acts))
		for i, a := range acts {
			b, err := encodeSegments(a.Segments)
			if err != nil {
				return FileRecord{}, fmt.Errorf("commit %s: activity %d: %w", f.Path, i+1, err)
			}
			streams[i] = b
		}
	}

	var out FileRecord
	var ids []int64 // per act: inserted id or 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		out, ids, err = commitTx(tx, f, acts, streams)
		return err
	})
	var serr sqlite3.Error
	if errors.As(err, &serr) && serr.ExtendedCode == sqlite3.ErrConstraintUnique {
		// Unreachable while every writer uses IMMEDIATE transactions, which
		// serialise the check in commitTx with the insert; kept as the
		// backstop the unique key exists for.
		rec, ok, lerr := s.Lookup(ctx, f.Path, f.SHA256)
		if lerr == nil && ok {
			out, ids, err = rec, nil, nil
		}
	}
	if err != nil {
		return FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	for i := range acts {
		acts[i].ID = 0
		if i < len(ids) && ids[i] != 0 {
			acts[i].ID = ids[i]
			acts[i].MetricsVersion = easyday.MetricsVersion
		}
	}
	return out, nil
}

// commitTx does Commit's work inside the transaction. It returns the stored
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

	// Same content under another path.
	var otherID int64
	var otherPath string
	err := tx.QueryRow(
		`SELECT id, path FROM files WHERE sha256 = ? AND status IN ('ingested', 'duplicate')
		 ORDER BY status = 'ingested' DESC, seen_ms, id LIMIT 1`, f.SHA256,
	).Scan(&otherID, &otherPath)
	switch {
	case err == nil:
		out.Activities, err = fileActivities(tx, otherID)
		if err != nil {
			return FileRecord{}, nil, err
		}
		out.Status = easyday.StatusDuplicate
		out.Reason = "same content as " + otherPath
		fileID, err := insertFile(tx, out)
		if err != nil {
			return FileRecord{}, nil, err
		}
		return out, nil, linkActivities(tx, fileID, out.Activities)
	case !errors.Is(err, sql.ErrNoRows):
		return FileRecord{}, nil, fmt.Errorf("find same content: %w", err)
	}

	// The same activities in another file.
	type match struct {
		id   int64
		path string
	}
	matches := make([]match, len(acts))
	all := len(acts) > 0
	for i, a := range acts {
		id, path, ok, err := findSameActivity(tx, a)
		if err != nil {
			return FileRecord{}, nil, err
		}
		if ok {
			matches[i] = match{id, path}
		} else {
			all = false
		}
	}
	if all {
		out.Status = easyday.StatusDuplicate
		out.Reason = "same activity as " + matches[0].path
		seen := map[int64]bool{}
		for _, m := range matches {
			if !seen[m.id] { // a file that repeats one activity names it once
				seen[m.id] = true
				out.Activities = append(out.Activities, m.id)
			}
		}
		fileID, err := insertFile(tx, out)
		if err != nil {
			return FileRecord{}, nil, err
		}
		return out, nil, linkActivities(tx, fileID, out.Activities)
	}

	fileID, err := insertFile(tx, out)
	if err != nil {
		return FileRecord{}, nil, err
	}
	ids := make([]int64, len(acts))
	var left []string
	for i, a := range acts {
		if matches[i].id == 0 {
			// Check again: an earlier activity of this same file may now match.
			id, path, ok, err := findSameActivity(tx, a)
			if err != nil {
				return FileRecord{}, nil, err
			}
			if ok {
				matches[i] = match{id, path}
			}
		}
		if matches[i].id != 0 {
			left = append(left, fmt.Sprintf("activity %d is already stored (id %d, from %s)", i+1, matches[i].id, matches[i].path))
			continue
		}
		id, err := insertActivity(tx, fileID, f, a, streams[i])
		if err != nil {
			return FileRecord{}, nil, fmt.Errorf("activity %d: %w", i+1, err)
		}
		ids[i] = id
		out.Activities = append(out.Activities, id)
	}
	if len(left) > 0 {
		reason := fmt.Sprintf("%d of %d activities already stored: %s", len(left), len(acts), strings.Join(left, "; "))
		if out.Reason != "" {
			reason = out.Reason + "; " + reason
		}
		out.Reason = reason
		if _, err := tx.Exec(`UPDATE files SET reason = ? WHERE id = ?`, out.Reason, fileID); err != nil {
			return FileRecord{}, nil, err
		}
	}
	return out, ids, linkActivities(tx, fileID, out.Activities)
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

// findSameActivity looks for a stored activity that is a's duplicate, the
// closest in start time first, and returns its id and the path of the file
// that first produced it.
func findSameActivity(tx *sql.Tx, a easyday.Activity) (int64, string, bool, error) {
	start := a.StartUTC.UnixMilli()
	w := dupStartWindow.Milliseconds()
	rows, err := tx.Query(
		`SELECT a.id, a.timer_s, f.path FROM activities a JOIN files f ON f.id = a.file_id
		 WHERE a.sport = ? AND a.start_ms BETWEEN ? AND ?
		 ORDER BY abs(a.start_ms - ?), a.id`,
		string(a.Sport), start-w, start+w, start,
	)
	if err != nil {
		return 0, "", false, fmt.Errorf("find same activity: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var timer float64
		var path string
		if err := rows.Scan(&id, &timer, &path); err != nil {
			return 0, "", false, fmt.Errorf("find same activity: %w", err)
		}
		// The tolerance keeps "exactly 5%" inside despite float rounding.
		if math.Abs(a.TimerS-timer) <= dupTimerFraction*timer+1e-9 {
			return id, path, true, nil
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", false, fmt.Errorf("find same activity: %w", err)
	}
	return 0, "", false, nil
}

// insertActivity writes one activity row and its stream, and returns its id.
// An activity's SHA256 and Source default to the file's; its metrics are
// recorded as computed by easyday.MetricsVersion.
func insertActivity(tx *sql.Tx, fileID int64, f FileRecord, a easyday.Activity, stream []byte) (int64, error) {
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
		`INSERT INTO activities (file_id, sha256, source, format, sport, sub_sport, start_ms, utc_offset_s,
		   local_date, elapsed_s, timer_s, distance_m, hr_s, avg_hr, max_hr,
		   z1_s, z2_s, z3_s, z4_s, z5a_s, z5b_s, z5c_s, trimp, hrss, np_w, power_tss,
		   load, load_source, warnings, dropped, metrics_version, ngp_s_per_km, pace_load)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		fileID, a.SHA256, a.Source, a.Format, string(a.Sport), a.SubSport, a.StartUTC.UnixMilli(), a.UTCOffsetS,
		int64(a.LocalDate), a.ElapsedS, a.TimerS, a.DistanceM, a.HRS, a.AvgHR, a.MaxHR,
		a.Zones.Z1, a.Zones.Z2, a.Zones.Z3, a.Zones.Z4, a.Zones.Z5a, a.Zones.Z5b, a.Zones.Z5c,
		a.TRIMP, a.HRSS, a.NPW, a.PowerTSS, a.Load, a.LoadSource, warnings, a.Dropped, easyday.MetricsVersion,
		a.NGPSPerKm, a.PaceLoad,
	)
	if err != nil {
		return 0, fmt.Errorf("insert activity: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(`INSERT INTO streams (activity_id, segments) VALUES (?, ?)`, id, stream); err != nil {
		return 0, fmt.Errorf("insert stream: %w", err)
	}
	return id, nil
}

// encodeWarnings stores warnings as a JSON array; nil becomes [].
func encodeWarnings(w []string) (string, error) {
	if w == nil {
		w = []string{}
	}
	b, err := json.Marshal(w)
	if err != nil {
		return "", fmt.Errorf("encode warnings: %w", err)
	}
	return string(b), nil
}
