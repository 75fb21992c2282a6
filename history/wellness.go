package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"easyday"
)

// ReasonAllStored is the ledger reason of a wellness file whose every value
// was already stored (by an earlier export or an overlapping file).
const ReasonAllStored = "every value already stored"

// CommitWellness records a wellness file and its values in one transaction.
// Values already stored under the same (day, metric, time) are left as they
// are. The file is `ingested` (reason: its kind, "sleep file") when it adds
// any value, and a `duplicate` when it adds none ("every value already
// stored") or has the content of a file seen under another path; a file
// with no values at all is `skipped`. As with
// Commit, the same (path, sha) committed twice makes one row.
func (s *Store) CommitWellness(ctx context.Context, f FileRecord, kind easyday.WellnessKind, rows []easyday.WellnessRow) (FileRecord, error) {
	if f.SeenUTC.IsZero() {
		f.SeenUTC = time.Now()
	}
	f.SeenUTC = time.UnixMilli(f.SeenUTC.UnixMilli()).UTC()
	var out FileRecord
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = commitWellnessTx(ctx, tx, f, kind, rows)
		return err
	})
	if err != nil {
		return FileRecord{}, fmt.Errorf("commit %s: %w", f.Path, err)
	}
	return out, nil
}

func commitWellnessTx(ctx context.Context, tx *sql.Tx, f FileRecord, kind easyday.WellnessKind, rows []easyday.WellnessRow) (FileRecord, error) {
	if rec, _, ok, err := lookup(tx, f.Path, f.SHA256); err != nil {
		return FileRecord{}, err
	} else if ok {
		return rec, nil
	}
	out := FileRecord{Path: f.Path, SHA256: f.SHA256, Size: f.Size, Status: easyday.StatusIngested,
		Reason: kind.Label() + " file", SeenUTC: f.SeenUTC, Activities: []int64{}}
	_, otherPath, same, err := sameContent(tx, f.SHA256)
	switch {
	case err != nil:
		return FileRecord{}, err
	case same:
		out.Status, out.Reason = easyday.StatusDuplicate, "same content as "+otherPath
		_, err := insertFile(tx, out)
		return out, err
	}
	if len(rows) == 0 {
		// Nothing easyday reads (a step counter's monitoring file): kept
		// out of the history like any other file it does not use.
		out.Status, out.Reason = easyday.StatusSkipped, kind.Label()+" file with no values easyday reads"
		_, err := insertFile(tx, out)
		return out, err
	}
	fileID, err := insertFile(tx, out)
	if err != nil {
		return FileRecord{}, err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO wellness (day, metric, time_s, value, file_id) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`)
	if err != nil {
		return FileRecord{}, err
	}
	defer stmt.Close()
	added := int64(0)
	for _, r := range rows {
		res, err := stmt.ExecContext(ctx, int64(r.Day), string(r.Metric), r.Time.Unix(), r.Value, fileID)
		if err != nil {
			return FileRecord{}, fmt.Errorf("insert wellness value: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return FileRecord{}, err
		}
		added += n
	}
	if added == 0 {
		out.Status, out.Reason = easyday.StatusDuplicate, ReasonAllStored
		if _, err := tx.ExecContext(ctx, `UPDATE files SET status = ?, reason = ? WHERE id = ?`, out.Status, out.Reason, fileID); err != nil {
			return FileRecord{}, err
		}
	}
	return out, nil
}

// Wellness returns the stored wellness values of the days from … to
// (inclusive), in day, metric and time order.
func (s *Store) Wellness(ctx context.Context, from, to easyday.Date) ([]easyday.WellnessRow, error) {
	var out []easyday.WellnessRow
	err := retry(ctx, func() error {
		var err error
		out, err = s.wellness(ctx, from, to)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read wellness: %w", err)
	}
	return out, nil
}

// wellness is one attempt of Wellness.
func (s *Store) wellness(ctx context.Context, from, to easyday.Date) ([]easyday.WellnessRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day, metric, time_s, value FROM wellness WHERE day BETWEEN ? AND ?
		ORDER BY day, metric, time_s`, int64(from), int64(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []easyday.WellnessRow
	for rows.Next() {
		var day, ts int64
		var metric string
		var r easyday.WellnessRow
		if err := rows.Scan(&day, &metric, &ts, &r.Value); err != nil {
			return nil, err
		}
		if r.Metric, err = easyday.ParseMetric(metric); err != nil {
			return nil, fmt.Errorf("wellness on day %s: metric %w", easyday.Date(day), err)
		}
		r.Day, r.Time = easyday.Date(day), time.Unix(ts, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
