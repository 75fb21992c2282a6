package history

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"easyday"
)

// sameContent finds a file already read with this content under another
// path, preferring the one that was ingested, then the first seen (then the
// lowest id). The rows are ordered here, not by an ORDER BY, which cost a
// sorter on every call (see findSameActivity).
func sameContent(tx *sql.Tx, sha string) (id int64, path string, ok bool, err error) {
	rows, err := tx.Query(`SELECT id, path, status = 'ingested', seen_ms FROM files
		WHERE sha256 = ? AND status IN ('ingested', 'duplicate')`, sha)
	if err != nil {
		return 0, "", false, fmt.Errorf("find same content: %w", err)
	}
	defer rows.Close()
	var bestIngested bool
	var bestSeen int64
	for rows.Next() {
		var rid, seen int64
		var rpath string
		var ingested bool
		if err := rows.Scan(&rid, &rpath, &ingested, &seen); err != nil {
			return 0, "", false, fmt.Errorf("find same content: %w", err)
		}
		better := !ok || ingested && !bestIngested ||
			ingested == bestIngested && (seen < bestSeen || seen == bestSeen && rid < id)
		if better {
			id, path, bestIngested, bestSeen, ok = rid, rpath, ingested, seen, true
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", false, fmt.Errorf("find same content: %w", err)
	}
	return id, path, ok, nil
}

// insertDuplicate stores the ledger row of a duplicate and links it to the
// activities it duplicates.
func insertDuplicate(tx *sql.Tx, out FileRecord) error {
	fileID, err := insertFile(tx, out)
	if err != nil {
		return err
	}
	return linkActivities(tx, fileID, out.Activities)
}

// matchActivities finds, for each activity, the same one stored from another
// file. all says every activity has one; richer, that at least one of those
// tells less than the activity committed.
func matchActivities(tx *sql.Tx, acts []easyday.Activity, streams [][]byte) (matches []match, all, richer bool, err error) {
	matches = make([]match, len(acts))
	all = len(acts) > 0
	for i, a := range acts {
		m, ok, err := findSameActivity(tx, a, streams[i])
		if err != nil {
			return nil, false, false, err
		}
		if ok {
			matches[i] = m
			richer = richer || m.poorer
		} else {
			all = false
		}
	}
	return matches, all, richer, nil
}

// storeActivities stores the ledger row of an ingested file and its
// activities: new ones inserted, poorer copies replaced keeping their ids,
// ones already stored left out, each replacement and leaving-out noted in
// the row's reason.
func storeActivities(tx *sql.Tx, f, out FileRecord, acts []easyday.Activity, streams [][]byte, matches []match) (FileRecord, []int64, error) {
	fileID, err := insertFile(tx, out)
	if err != nil {
		return FileRecord{}, nil, err
	}
	ids := make([]int64, len(acts))
	var left, replaced []string
	superseded := map[int64]bool{}
	stored := false // an activity of this file stored (inserted or replacing) in this loop
	for i, a := range acts {
		if matches[i].id == 0 && stored {
			// Check again: an earlier activity of this same file may now
			// match. Until one is stored, the answer is matchActivities'.
			m, ok, err := findSameActivity(tx, a, streams[i])
			if err != nil {
				return FileRecord{}, nil, err
			}
			if ok {
				matches[i] = match{id: m.id, path: m.path} // this file's own: left out
			}
		}
		m := matches[i]
		switch {
		case m.id != 0 && m.poorer:
			if a.Sport.IsUnspecific() && !m.sport.IsUnspecific() {
				a.Sport, a.SubSport = m.sport, m.subSport
			}
			if err := replaceActivity(tx, m.id, fileID, f, a, streams[i]); err != nil {
				return FileRecord{}, nil, fmt.Errorf("activity %d: %w", i+1, err)
			}
			ids[i] = m.id
			stored = true
			out.Activities = append(out.Activities, m.id)
			if !superseded[m.fileID] {
				out.Supersedes = append(out.Supersedes, m.path)
			}
			superseded[m.fileID] = true
			replaced = append(replaced, fmt.Sprintf("activity %d replaces id %d from %s, which tells less", i+1, m.id, m.path))
		case m.id != 0:
			if err := keepSpecificSport(tx, m); err != nil {
				return FileRecord{}, nil, err
			}
			left = append(left, fmt.Sprintf("activity %d is already stored (id %d, from %s)", i+1, m.id, m.path))
		default:
			id, err := insertActivity(tx, 0, fileID, f, a, streams[i])
			if err != nil {
				return FileRecord{}, nil, fmt.Errorf("activity %d: %w", i+1, err)
			}
			ids[i] = id
			stored = true
			out.Activities = append(out.Activities, id)
		}
	}
	var notes []string
	if len(replaced) > 0 {
		notes = append(notes, "richer copy: "+strings.Join(replaced, "; "))
	}
	if len(left) > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d activities already stored: %s", len(left), len(acts), strings.Join(left, "; ")))
	}
	if err := addReason(tx, fileID, &out, notes); err != nil {
		return FileRecord{}, nil, err
	}
	for old := range superseded {
		if err := supersede(tx, old, f.Path); err != nil {
			return FileRecord{}, nil, err
		}
	}
	return out, ids, linkActivities(tx, fileID, out.Activities)
}

// addReason appends notes to the reason of the row being committed.
func addReason(tx *sql.Tx, fileID int64, out *FileRecord, notes []string) error {
	if len(notes) == 0 {
		return nil
	}
	if out.Reason != "" {
		notes = append([]string{out.Reason}, notes...)
	}
	out.Reason = strings.Join(notes, "; ")
	_, err := tx.Exec(`UPDATE files SET reason = ? WHERE id = ?`, out.Reason, fileID)
	return err
}

// supersede records that the file at newPath replaced activities of row
// old: once old produced no stored activity of its own, it is a duplicate
// "superseded by <path>"; its links still name the activities it stands
// for, now produced by a later row, which is what marks it superseded.
func supersede(tx *sql.Tx, old int64, newPath string) error {
	var own int
	if err := tx.QueryRow(`SELECT count(*) FROM activities WHERE file_id = ?`, old).Scan(&own); err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	if own > 0 {
		return nil
	}
	if _, err := tx.Exec(`UPDATE files SET status = 'duplicate', reason = ? WHERE id = ?`, "superseded by "+newPath, old); err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	return nil
}

// growTx commits the content of a path that grew from its earlier ingested
// content (f.Grows): ok is false when that row is not an ingested one, and
// the commit goes the usual way.
func growTx(tx *sql.Tx, f FileRecord, out FileRecord, acts []easyday.Activity, streams [][]byte) (FileRecord, []int64, bool, error) {
	prev, prevID, ok, err := lookup(tx, f.Path, f.Grows)
	if err != nil || !ok || prev.Status != easyday.StatusIngested {
		return FileRecord{}, nil, false, err
	}
	rows, err := tx.Query(`SELECT id FROM activities WHERE file_id = ? ORDER BY id`, prevID)
	if err != nil {
		return FileRecord{}, nil, false, fmt.Errorf("grown file: %w", err)
	}
	var old []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return FileRecord{}, nil, false, fmt.Errorf("grown file: %w", err)
		}
		old = append(old, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return FileRecord{}, nil, false, fmt.Errorf("grown file: %w", err)
	}
	fileID, err := insertFile(tx, out)
	if err != nil {
		return FileRecord{}, nil, false, err
	}
	ids := make([]int64, len(acts))
	var left []string
	for i, a := range acts {
		if i < len(old) {
			if err := replaceActivity(tx, old[i], fileID, f, a, streams[i]); err != nil {
				return FileRecord{}, nil, false, fmt.Errorf("activity %d: %w", i+1, err)
			}
			ids[i] = old[i]
			out.Activities = append(out.Activities, old[i])
			continue
		}
		if m, ok, err := findSameActivity(tx, a, streams[i]); err != nil {
			return FileRecord{}, nil, false, err
		} else if ok {
			left = append(left, fmt.Sprintf("activity %d is already stored (id %d, from %s)", i+1, m.id, m.path))
			continue
		}
		id, err := insertActivity(tx, 0, fileID, f, a, streams[i])
		if err != nil {
			return FileRecord{}, nil, false, fmt.Errorf("activity %d: %w", i+1, err)
		}
		ids[i] = id
		out.Activities = append(out.Activities, id)
	}
	for _, id := range old[min(len(old), len(acts)):] {
		// The earlier content had an activity the whole file has not (a
		// sequence cut short read as an activity of its own): it goes.
		if _, err := tx.Exec(`DELETE FROM file_activities WHERE activity_id = ?`, id); err != nil {
			return FileRecord{}, nil, false, fmt.Errorf("grown file: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM activities WHERE id = ?`, id); err != nil {
			return FileRecord{}, nil, false, fmt.Errorf("grown file: %w", err)
		}
	}
	notes := []string{fmt.Sprintf("grew from %d bytes: replaces the activities of its earlier content", prev.Size)}
	if len(left) > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d activities already stored: %s", len(left), len(acts), strings.Join(left, "; ")))
	}
	if err := addReason(tx, fileID, &out, notes); err != nil {
		return FileRecord{}, nil, false, err
	}
	if _, err := tx.Exec(`UPDATE files SET status = 'duplicate', reason = ? WHERE id = ?`,
		"superseded by "+f.Path+" (the file grew)", prevID); err != nil {
		return FileRecord{}, nil, false, fmt.Errorf("grown file: %w", err)
	}
	return out, ids, true, linkActivities(tx, fileID, out.Activities)
}

// match is a stored activity found to be the same as a new one.
type match struct {
	id, fileID int64
	path       string // of the file that produced it
	poorer     bool   // the new copy tells more (easyday.Richness)
	// sport and subSport are what the stored activity is to be: its own,
	// or the new copy's when relabel (the stored one named no sport).
	sport    easyday.Sport
	subSport string
	relabel  bool
}

// findSameActivity looks for a stored activity that is a's duplicate
// (easyday.SameActivity), the closest in start time first (then the lowest
// id), and says whether a is the richer copy.
//
// The candidates come from the start_ms index alone, ordered here: an
// ORDER BY or a join in the query made SQLite build a sorter on every call,
// costing far more than the search (docs/benchmarks.md, "Settings
// measured"), and almost every call finds nothing. The path and stream are
// read for the one match.
//
// Which copy wins and which sport the kept one names is
// easyday.ChooseCopy's rule. Where it weighs power seconds (a ride on
// either side), both copies' are read from their streams: the stored
// one's, and a's own, stream (its encoded segments), since a bulk import
// gives a's segment array back for reuse once encoded (history.Prepare).
func findSameActivity(tx *sql.Tx, a easyday.Activity, stream []byte) (match, bool, error) {
	start := a.StartUTC.UnixMilli()
	w := easyday.SameStartWindow.Milliseconds()
	rows, err := tx.Query(
		`SELECT id, file_id, start_ms, format, sport, sub_sport, elapsed_s, timer_s, hr_s, distance_m FROM activities
		 WHERE start_ms BETWEEN ? AND ?`,
		start-w, start+w,
	)
	if err != nil {
		return match{}, false, fmt.Errorf("find same activity: %w", err)
	}
	type candidate struct {
		m     match
		apart int64 // |start difference| in ms
		st    easyday.Activity
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		var startMS int64
		if err := rows.Scan(&c.m.id, &c.m.fileID, &startMS, &c.st.Format, &c.st.Sport, &c.st.SubSport,
			&c.st.ElapsedS, &c.st.TimerS, &c.st.HRS, &c.st.DistanceM); err != nil {
			rows.Close()
			return match{}, false, fmt.Errorf("find same activity: %w", err)
		}
		c.st.StartUTC = time.UnixMilli(startMS).UTC()
		c.apart = startMS - start
		if c.apart < 0 {
			c.apart = -c.apart
		}
		if easyday.SameActivity(a, c.st) {
			cands = append(cands, c)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return match{}, false, fmt.Errorf("find same activity: %w", err)
	}
	if len(cands) == 0 {
		return match{}, false, nil
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].apart != cands[j].apart {
			return cands[i].apart < cands[j].apart
		}
		return cands[i].m.id < cands[j].m.id
	})
	m, st := cands[0].m, cands[0].st
	if err := tx.QueryRow(`SELECT path FROM files WHERE id = ?`, m.fileID).Scan(&m.path); err != nil {
		return match{}, false, fmt.Errorf("find same activity: %w", err)
	}
	if a.IsCycling() || st.IsCycling() {
		var stored []byte
		err := tx.QueryRow(`SELECT segments FROM streams WHERE activity_id = ?`, m.id).Scan(&stored)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return match{}, false, fmt.Errorf("find same activity: %w", err)
		}
		if stored != nil {
			// Power seconds come from the stream; one that cannot be
			// read counts as none, so a readable copy may replace it.
			st.Segments, _ = decodeSegments(stored)
		}
		if stream != nil {
			if segs, err := decodeSegments(stream); err == nil {
				a.Segments = segs
			}
		}
	}
	c := easyday.ChooseCopy(a, st)
	m.poorer, m.relabel = c.NewWins, c.Relabel
	m.sport, m.subSport = c.Sport, c.SubSport
	return m, true, nil
}

// keepSpecificSport gives the stored activity of m the sport a poorer copy
// named where the stored one did not (match.relabel).
func keepSpecificSport(tx *sql.Tx, m match) error {
	if !m.relabel {
		return nil
	}
	if _, err := tx.Exec(`UPDATE activities SET sport = ?, sub_sport = ? WHERE id = ?`, string(m.sport), m.subSport, m.id); err != nil {
		return fmt.Errorf("activity %d: sport: %w", m.id, err)
	}
	return nil
}

// replaceActivity puts a in the place of stored activity id, keeping the id
// (every ledger row that names it still does), as produced by row fileID.
// The row goes and comes back within the transaction: foreign keys are
// checked at its commit.
func replaceActivity(tx *sql.Tx, id, fileID int64, f FileRecord, a easyday.Activity, stream []byte) error {
	if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
		return fmt.Errorf("replace activity %d: %w", id, err)
	}
	var oldSHA string
	var oldStart int64
	if err := tx.QueryRow(`SELECT sha256, start_ms FROM activities WHERE id = ?`, id).Scan(&oldSHA, &oldStart); err != nil {
		return fmt.Errorf("replace activity %d: %w", id, err)
	}
	if _, err := tx.Exec(`DELETE FROM activities WHERE id = ?`, id); err != nil {
		return fmt.Errorf("replace activity %d: %w", id, err)
	}
	if _, err := insertActivity(tx, id, fileID, f, a, stream); err != nil {
		return fmt.Errorf("replace activity %d: %w", id, err)
	}
	// An excluded activity stays excluded in its richer or grown copy.
	if _, err := tx.Exec(`INSERT OR IGNORE INTO exclusions (sha256, start_ms, reason, excluded_ms)
		SELECT n.sha256, n.start_ms, x.reason, x.excluded_ms FROM exclusions x, activities n
		WHERE x.sha256 = ? AND x.start_ms = ? AND n.id = ?`, oldSHA, oldStart, id); err != nil {
		return fmt.Errorf("replace activity %d: exclusion: %w", id, err)
	}
	return nil
}
