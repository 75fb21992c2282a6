package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"easyday"
)

// activityColumns are the stored activity fields, in the order scanActivity reads them.
const activityColumns = `a.id, a.sha256, a.source, a.format, a.sport, a.sub_sport, a.start_ms, a.utc_offset_s,
	a.local_date, a.elapsed_s, a.timer_s, a.distance_m, a.hr_s, a.avg_hr, a.max_hr,
	a.z1_s, a.z2_s, a.z3_s, a.z4_s, a.z5a_s, a.z5b_s, a.z5c_s, a.trimp, a.hrss, a.np_w, a.power_tss,
	a.load, a.load_source, a.warnings, a.dropped, a.metrics_version, a.ngp_s_per_km, a.pace_load,
	coalesce(a.thresholds_key, ''), x.reason,
	a.est_lthr, a.est_ftp, a.est_threshold_pace_s_per_km, a.est_max_hr`

// activitiesFrom joins each activity to its exclusion, if any (x.reason is
// NULL when it has none).
const activitiesFrom = ` FROM activities a LEFT JOIN exclusions x ON x.sha256 = a.sha256 AND x.start_ms = a.start_ms`

// counted is the condition that keeps excluded activities out of what the
// numbers read.
const counted = `NOT EXISTS (SELECT 1 FROM exclusions x WHERE x.sha256 = a.sha256 AND x.start_ms = a.start_ms)`

// Activities returns stored activities with StartUTC in [from, to) (zero
// times: no bound), ordered by StartUTC then id, excluded ones too (marked
// Excluded); segments are loaded only when withSegments.
//
// Loaded activities have StartUTC in UTC, Warnings never nil (an empty slice
// when there are none) and Segments nil when not loaded or empty.
func (s *Store) Activities(ctx context.Context, from, to time.Time, withSegments bool) ([]easyday.Activity, error) {
	var where []string
	var args []any
	if !from.IsZero() {
		where = append(where, "a.start_ms >= ?")
		args = append(args, from.UnixMilli())
	}
	if !to.IsZero() {
		where = append(where, "a.start_ms < ?")
		args = append(args, to.UnixMilli())
	}
	acts, err := s.queryActivities(ctx, where, args, withSegments)
	if err != nil {
		return nil, fmt.Errorf("list activities: %w", err)
	}
	return acts, nil
}

// ActivitiesOn returns the activities that count (not excluded) whose
// LocalDate is in [from, to] inclusive, ordered by start (then id), loaded
// as Activities loads them. Everything that computes a number from the
// activities reads them here, so an excluded activity counts for nothing.
func (s *Store) ActivitiesOn(ctx context.Context, from, to easyday.Date, withSegments bool) ([]easyday.Activity, error) {
	acts, err := s.queryActivities(ctx, []string{"a.local_date BETWEEN ? AND ?", "x.sha256 IS NULL"}, []any{int64(from), int64(to)}, withSegments)
	if err != nil {
		return nil, fmt.Errorf("list activities %s to %s: %w", from, to, err)
	}
	return acts, nil
}

// AllActivitiesOn is ActivitiesOn with the excluded activities too (marked
// Excluded): for listing them, and for recompute, which keeps an excluded
// activity's numbers current for the day it is included again.
func (s *Store) AllActivitiesOn(ctx context.Context, from, to easyday.Date, withSegments bool) ([]easyday.Activity, error) {
	acts, err := s.queryActivities(ctx, []string{"a.local_date BETWEEN ? AND ?"}, []any{int64(from), int64(to)}, withSegments)
	if err != nil {
		return nil, fmt.Errorf("list activities %s to %s: %w", from, to, err)
	}
	return acts, nil
}

// queryActivities runs the activity query with the given conditions.
func (s *Store) queryActivities(ctx context.Context, where []string, args []any, withSegments bool) ([]easyday.Activity, error) {
	var acts []easyday.Activity
	err := retry(ctx, func() error {
		var err error
		acts, err = s.queryActivitiesOnce(ctx, where, args, withSegments)
		return err
	})
	return acts, err
}

// queryActivitiesOnce is one attempt of queryActivities.
func (s *Store) queryActivitiesOnce(ctx context.Context, where []string, args []any, withSegments bool) ([]easyday.Activity, error) {
	q := "SELECT " + activityColumns
	if withSegments {
		q += ", st.segments" + activitiesFrom + " LEFT JOIN streams st ON st.activity_id = a.id"
	} else {
		q += activitiesFrom
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY a.start_ms, a.id"

	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	acts := []easyday.Activity{}
	for rows.Next() {
		var a easyday.Activity
		var stream []byte
		if err := scanActivity(rows, &a, withSegments, &stream); err != nil {
			return nil, err
		}
		if withSegments && stream != nil {
			a.Segments, err = decodeSegments(stream)
			if err != nil {
				return nil, fmt.Errorf("activity %d: %w", a.ID, err)
			}
		}
		acts = append(acts, a)
	}
	return acts, rows.Err()
}

// scanActivity reads one row of activityColumns (and the stream when withStream).
func scanActivity(rows *sql.Rows, a *easyday.Activity, withStream bool, stream *[]byte) error {
	var format, sport, loadSource, warnings string
	var startMS, localDate int64
	var excluded sql.NullString
	dest := []any{&a.ID, &a.SHA256, &a.Source, &format, &sport, &a.SubSport, &startMS, &a.UTCOffsetS,
		&localDate, &a.ElapsedS, &a.TimerS, &a.DistanceM, &a.HRS, &a.AvgHR, &a.MaxHR,
		&a.Zones.Z1, &a.Zones.Z2, &a.Zones.Z3, &a.Zones.Z4, &a.Zones.Z5a, &a.Zones.Z5b, &a.Zones.Z5c,
		&a.TRIMP, &a.HRSS, &a.NPW, &a.PowerTSS, &a.Load, &loadSource, &warnings, &a.Dropped, &a.MetricsVersion,
		&a.NGPSPerKm, &a.PaceLoad, &a.ScoredWith, &excluded,
		&a.Estimates.LTHR, &a.Estimates.FTP, &a.Estimates.ThresholdPace, &a.Estimates.MaxHR}
	if withStream {
		dest = append(dest, stream)
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	var err error
	if a.Format, err = easyday.ParseFormat(format); err != nil {
		return fmt.Errorf("activity %d: format %w", a.ID, err)
	}
	if a.LoadSource, err = easyday.ParseLoadSource(loadSource); err != nil {
		return fmt.Errorf("activity %d: load_source %w", a.ID, err)
	}
	a.Sport = easyday.Sport(sport)
	a.Excluded, a.ExcludeReason = excluded.Valid, excluded.String
	a.StartUTC = time.UnixMilli(startMS).UTC()
	a.LocalDate = easyday.Date(localDate)
	if a.Warnings, err = decodeWarnings(warnings); err != nil {
		return fmt.Errorf("activity %d: %w", a.ID, err)
	}
	return nil
}

// DailyLoads returns the sum of loads per local date, and the first and last
// local dates (ok=false when no activity), of the activities that count
// (not excluded). Every date with such an activity has an entry, even when
// its load is 0.
func (s *Store) DailyLoads(ctx context.Context) (loads map[easyday.Date]float64, first, last easyday.Date, ok bool, err error) {
	err = retry(ctx, func() error {
		var err error
		loads, first, last, ok, err = s.dailyLoads(ctx)
		return err
	})
	return loads, first, last, ok, err
}

// dailyLoads is one attempt of DailyLoads.
func (s *Store) dailyLoads(ctx context.Context) (loads map[easyday.Date]float64, first, last easyday.Date, ok bool, err error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.local_date, sum(a.load) FROM activities a WHERE `+counted+` GROUP BY a.local_date ORDER BY a.local_date`)
	if err != nil {
		return nil, 0, 0, false, fmt.Errorf("daily loads: %w", err)
	}
	defer rows.Close()
	loads = map[easyday.Date]float64{}
	for rows.Next() {
		var d int64
		var l float64
		if err := rows.Scan(&d, &l); err != nil {
			return nil, 0, 0, false, fmt.Errorf("daily loads: %w", err)
		}
		day := easyday.Date(d)
		loads[day] = l
		if !ok {
			first = day
		}
		last, ok = day, true
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, false, fmt.Errorf("daily loads: %w", err)
	}
	return loads, first, last, ok, nil
}

// UpdateMetricsAndStreams replaces the metric columns (everything computed
// from segments and thresholds: hr_s, avg/max HR, zones, TRIMP, HRSS, NP,
// power TSS, load, load source, warnings) of acts, by ID, recording that
// easyday.MetricsVersion computed them, and, in the same transaction, of
// restreamed, whose stored streams are also replaced by
// their Segments: activities analysed again from their original file, whose
// old stream lacked what the metrics now need.
//
// An activity the history will not keep as it is (a number that is not
// one, a stream value it cannot hold, a value the schema's checks refuse)
// is left as stored, undone in a savepoint of its own, and returned in
// refused by ID; the others are stored. Any other error is the history's
// own (an ID not stored, a full disk) and nothing is changed.
func (s *Store) UpdateMetricsAndStreams(ctx context.Context, acts, restreamed []easyday.Activity) (refused map[int64]*RefusedError, err error) {
	return s.updateMetrics(ctx, acts, restreamed, true)
}

// updateMetrics does UpdateMetricsAndStreams's work; unless each, the
// first refusal rolls the whole transaction back.
func (s *Store) updateMetrics(ctx context.Context, acts, restreamed []easyday.Activity, each bool) (map[int64]*RefusedError, error) {
	type update struct {
		a      *easyday.Activity
		stream []byte // nil: the stream stays
	}
	refused := map[int64]*RefusedError{}
	refuse := func(a *easyday.Activity, err error) {
		var r *RefusedError
		if !errors.As(err, &r) {
			r = &RefusedError{Reason: err.Error(), Err: err}
		}
		refused[a.ID] = &RefusedError{Path: a.Source, Reason: r.Reason, Err: r.Err}
	}
	var all []update
	for i := range acts {
		if err := checkActivity(&acts[i]); err != nil {
			refuse(&acts[i], err)
			continue
		}
		all = append(all, update{a: &acts[i]})
	}
	for i := range restreamed {
		a := &restreamed[i]
		err := checkActivity(a)
		var b []byte
		if err == nil {
			b, err = encodeSegments(a.Segments)
		}
		if err != nil {
			refuse(a, err)
			continue
		}
		all = append(all, update{a: a, stream: b})
	}
	if len(refused) > 0 && !each {
		return refused, nil
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.Prepare(
			`UPDATE activities SET hr_s = ?, avg_hr = ?, max_hr = ?,
			   z1_s = ?, z2_s = ?, z3_s = ?, z4_s = ?, z5a_s = ?, z5b_s = ?, z5c_s = ?,
			   trimp = ?, hrss = ?, np_w = ?, power_tss = ?, load = ?, load_source = ?, warnings = ?,
			   metrics_version = ?, ngp_s_per_km = ?, pace_load = ?, thresholds_key = ?,
			   est_lthr = ?, est_ftp = ?, est_threshold_pace_s_per_km = ?, est_max_hr = ?
			 WHERE id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, u := range all {
			if _, err := tx.Exec(`SAVEPOINT one_activity`); err != nil {
				return err
			}
			err := updateOne(tx, stmt, u.a, u.stream)
			if err != nil {
				if _, rerr := tx.Exec(`ROLLBACK TO one_activity`); rerr != nil {
					return rerr
				}
			}
			if _, rerr := tx.Exec(`RELEASE one_activity`); rerr != nil {
				return rerr
			}
			var r *RefusedError
			if errors.As(err, &r) {
				refuse(u.a, r)
				if !each {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !each {
		var r *RefusedError
		if errors.As(err, &r) {
			return refused, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("update metrics: %w", err)
	}
	return refused, nil
}

// updateOne stores one activity's metrics and, when stream is not nil, its
// stream. A value the schema refuses is a *RefusedError.
func updateOne(tx *sql.Tx, stmt *sql.Stmt, a *easyday.Activity, stream []byte) error {
	if stream != nil {
		// An upsert: a stream missing from a damaged history comes back.
		if _, err := tx.Exec(`INSERT INTO streams (activity_id, segments) VALUES (?, ?)
			ON CONFLICT (activity_id) DO UPDATE SET segments = excluded.segments`, a.ID, stream); err != nil {
			return fmt.Errorf("activity %d: stream: %w", a.ID, refusedByConstraint(err))
		}
	}
	warnings, err := encodeWarnings(a.Warnings)
	if err != nil {
		return err
	}
	res, err := stmt.Exec(a.HRS, a.AvgHR, a.MaxHR,
		a.Zones.Z1, a.Zones.Z2, a.Zones.Z3, a.Zones.Z4, a.Zones.Z5a, a.Zones.Z5b, a.Zones.Z5c,
		a.TRIMP, a.HRSS, a.NPW, a.PowerTSS, a.Load, a.LoadSource, warnings, easyday.MetricsVersion,
		a.NGPSPerKm, a.PaceLoad, a.ScoredWith,
		a.Estimates.LTHR, a.Estimates.FTP, a.Estimates.ThresholdPace, a.Estimates.MaxHR, a.ID)
	if err != nil {
		return fmt.Errorf("activity %d: %w", a.ID, refusedByConstraint(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("activity %d: %w", a.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("activity %d is not stored", a.ID)
	}
	return nil
}

// Streamless returns the ids of stored activities that have no stream (a
// damaged history, or a row written by hand): nothing can be recomputed for
// them, so recompute must leave their numbers as they are.
func (s *Store) Streamless(ctx context.Context) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id FROM activities a LEFT JOIN streams st ON st.activity_id = a.id WHERE st.activity_id IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("find activities without a stream: %w", err)
	}
	defer rows.Close()
	ids := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find activities without a stream: %w", err)
		}
		ids[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find activities without a stream: %w", err)
	}
	return ids, nil
}
