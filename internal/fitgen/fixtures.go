package fitgen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"easyday"
)

// Fixtures returns every generated fixture file by its path relative to the
// project's testdata folder ("metrics/stream-1hz.fit"). The same code gives
// the same bytes on every run: randomness comes from fixed seeds.
func Fixtures() (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, part := range []func(map[string][]byte) error{metricsFixtures, paceFixtures, quirkFixtures, demoFixtures, gpxFixtures} {
		if err := part(files); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// The docs/metrics.md §3 stream oracle as a running activity, written twice:
//
//	metrics/stream-1hz.fit    one record per second
//	metrics/stream-smart.fit  "smart recording": records 1–7 s apart
//
// Both files describe the same effort. Start 2026-06-01T06:00:00Z, local
// time UTC+1 (activity.local_timestamp), sport running, one session, one lap.
// Offsets in seconds from the start; HR in bpm:
//
//	[0, 600)      HR 130
//	[600, 1800)   HR 165
//	[1800, 1860)  HR 0 (the strap sends 0: missing)
//	[1860, 2400)  HR 172
//	2400          timer stop (event timer/stop_all); no records while stopped
//	2520          timer start
//	[2520, 3000)  HR 140
//	3000          timer stop_all; session end
//
// Every block starts with a record at its first second; in the 1 Hz file the
// last record is at 2999, in the smart file the records inside a block are
// 1–7 s apart (never crossing a block edge), so the last record of a block
// owns the time up to the next block or the stop. Speed is 3.0 m/s and
// distance is 3.0 m × the running-timer seconds before the record (no power).
// Session: start_time = start, total_elapsed_time 3000 s, total_timer_time
// 2880 s, total_distance 8640 m.
// Expected with HRrest 50, HRmax 190, run LTHR 170, male (docs/metrics.md §3):
// timer 2880 s, hr_s 2820 s, time-weighted average HR 154.6383, TRIMP
// 99.9131, HRSS 58.5482; run zones z1 1080 s, z4 1200 s, z5a 540 s, missing
// 60 s.
//
// metrics/power-oracle.fit is the docs/metrics.md §4 power oracle: cycling, start
// 2026-06-02T06:00:00Z, local UTC+1, one record per second at offsets
// 0…3599: 200 W on [0, 1200), 300 W on [1200, 2400), 200 W on [2400, 3600);
// no heart rate; speed 9.0 m/s, distance 9.0 m × offset; timer start at 0,
// stop_all and session end at 3600 (elapsed = timer = 3600 s, distance
// 32400 m). Expected with FTP 250: NP 247.8515, IF 0.9914, TSS 98.2886.
func metricsFixtures(files map[string][]byte) error {
	type block struct {
		from, to int // seconds
		hr       int
	}
	blocks := []block{{0, 600, 130}, {600, 1800, 165}, {1800, 1860, 0}, {1860, 2400, 172}, {2520, 3000, 140}}
	pause := Pause{At: 2400 * time.Second, Dur: 120 * time.Second}
	start := time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC)
	runDist := func(t int) float64 { // metres before offset t of running timer
		if t > 2400 {
			t -= min(t-2400, 120)
		}
		return 3.0 * float64(t)
	}
	point := func(t, hr int) Point {
		return Point{Offset: time.Duration(t) * time.Second, HR: hr, Power: easyday.Missing, Distance: runDist(t), Speed: 3.0}
	}
	stream := func(smart bool) ([]byte, error) {
		rng := rand.New(rand.NewPCG(3, 3000))
		var pts []Point
		for _, b := range blocks {
			for t := b.from; t < b.to; {
				pts = append(pts, point(t, b.hr))
				if smart {
					t += 1 + rng.IntN(7)
				} else {
					t++
				}
			}
		}
		return Build(Spec{
			Start:     start,
			UTCOffset: time.Hour,
			Sessions:  []Session{{Sport: "running", Points: pts, End: 3000 * time.Second, Distance: 8640}},
			Pauses:    []Pause{pause},
		})
	}
	var err error
	if files["metrics/stream-1hz.fit"], err = stream(false); err != nil {
		return err
	}
	if files["metrics/stream-smart.fit"], err = stream(true); err != nil {
		return err
	}

	var pts []Point
	for t := range 3600 {
		w := 200
		if t >= 1200 && t < 2400 {
			w = 300
		}
		pts = append(pts, Point{Offset: time.Duration(t) * time.Second, HR: easyday.Missing, Power: w, Distance: 9.0 * float64(t), Speed: 9.0})
	}
	files["metrics/power-oracle.fit"], err = Build(Spec{
		Start:     time.Date(2026, 6, 2, 6, 0, 0, 0, time.UTC),
		UTCOffset: time.Hour,
		Sessions:  []Session{{Sport: "cycling", SubSport: "road", Points: pts, End: 3600 * time.Second, Distance: 32400}},
	})
	return err
}

// quirkFixtures writes one small file per quirk the decoder handles:
//
//	quirks/hr-messages.fit      running, 10 min, records every 2 s without heart
//	                            rate; HR 120 on [0, 180), 150 on [180, 420), 140 on
//	                            [420, 600) in an appended hr-message sequence
//	                            without file_id
//	quirks/multisport.fit       running 10 min, then cycling 15 min with power
//	quirks/header-crc-zero.fit  5 min run; 14-byte header with CRC 0x0000, file CRC
//	                            over header and data
//	quirks/bad-file-crc.fit     5 min run with a wrong file CRC
//	quirks/truncated.fit        the 5 min run cut in half
//	quirks/settings.fit         a settings file (not an activity)
//	quirks/garbage.fit          1 KiB of random bytes
//	quirks/no-records.fit       file_id, timer events, a 30 min running session,
//	                            activity, and no record
//	quirks/altitude.fit         5 min run at 1 Hz, enhanced_altitude −12.4 m + 0.2 m
//	                            a second (−12.4 … 47.4 m), none on seconds 30, 90, …
//	quirks/altitude-16bit.fit   the same in the 16-bit altitude field (older devices)
//	quirks/basetype-no-endian.fit  the 5 min run with every base type written
//	                            without its endian bit (0x04 for uint16, 0x0C for
//	                            uint32z), as sports-lib's 971150603.fit
//	quirks/records-after-session.fit  10 min run whose session says it ended after
//	                            4 min (total_elapsed_time and timestamp), records
//	                            going on to the end, as muktihari's big_activity.fit
//	quirks/hr-messages-override.fit  hr-messages.fit with records that carry a
//	                            watch's own HR 100, which the strap's stream replaces
//	quirks/chained.fit          the 5 min run and a 4 min run an hour later, chained
//	                            as two FIT sequences
//	quirks/chained-cut-short.fit  chained.fit cut in the middle of its second
//	                            sequence, as a copy still in progress
func quirkFixtures(files map[string][]byte) error {
	start := time.Date(2026, 5, 4, 17, 30, 0, 0, time.UTC)
	steady := func(from, to, step, hr int, speed float64, power int) []Point {
		var pts []Point
		for t := from; t < to; t += step {
			pts = append(pts, Point{Offset: time.Duration(t) * time.Second, HR: hr, Power: power,
				Distance: speed * float64(t), Speed: speed})
		}
		return pts
	}
	var err error
	var hrPts []Point
	hrPts = append(hrPts, steady(0, 180, 2, 120, 2.8, easyday.Missing)...)
	hrPts = append(hrPts, steady(180, 420, 2, 150, 3.3, easyday.Missing)...)
	hrPts = append(hrPts, steady(420, 600, 2, 140, 3.0, easyday.Missing)...)
	if files["quirks/hr-messages.fit"], err = Build(Spec{
		Start: start, UTCOffset: time.Hour, HRMessages: true,
		Sessions: []Session{{Sport: "running", Points: hrPts, End: 600 * time.Second}},
	}); err != nil {
		return err
	}

	run := steady(0, 600, 2, 150, 3.2, easyday.Missing)
	var bike []Point
	for _, p := range steady(0, 900, 2, 140, 8.5, 210) {
		p.Offset += 610 * time.Second
		p.Distance += 1920
		bike = append(bike, p)
	}
	if files["quirks/multisport.fit"], err = Build(Spec{
		Start: start.Add(24 * time.Hour), UTCOffset: time.Hour,
		Sessions: []Session{
			{Sport: "running", Points: run, End: 600 * time.Second},
			{Sport: "cycling", SubSport: "road", Points: bike, End: 1510 * time.Second},
		},
	}); err != nil {
		return err
	}

	short, err := Build(Spec{
		Start: start.Add(48 * time.Hour), UTCOffset: time.Hour,
		Sessions: []Session{{Sport: "running", Points: steady(0, 300, 1, 145, 3.0, easyday.Missing), End: 300 * time.Second}},
	})
	if err != nil {
		return err
	}
	if files["quirks/header-crc-zero.fit"], err = ZeroHeaderCRC(short); err != nil {
		return err
	}
	files["quirks/bad-file-crc.fit"] = CorruptFileCRC(short)
	files["quirks/truncated.fit"] = append([]byte(nil), short[:len(short)/2]...)

	if files["quirks/settings.fit"], err = Settings(start); err != nil {
		return err
	}
	garbage := make([]byte, 1024)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range garbage {
		garbage[i] = byte(rng.UintN(256))
	}
	files["quirks/garbage.fit"] = garbage
	if files["quirks/no-records.fit"], err = NoRecords(start.Add(72*time.Hour), 30*time.Minute); err != nil {
		return err
	}

	var climb []Point
	for _, p := range steady(0, 300, 1, 140, 2.5, easyday.Missing) {
		if t := int(p.Offset / time.Second); t%60 != 30 {
			p.Altitude = Metres(-12.4 + 0.2*float64(t))
		}
		climb = append(climb, p)
	}
	for name, old := range map[string]bool{"quirks/altitude.fit": false, "quirks/altitude-16bit.fit": true} {
		if files[name], err = Build(Spec{
			Start: start.Add(96 * time.Hour), UTCOffset: time.Hour, Altitude16: old,
			Sessions: []Session{{Sport: "running", SubSport: "trail", Points: climb, End: 300 * time.Second}},
		}); err != nil {
			return err
		}
	}
	if files["quirks/basetype-no-endian.fit"], err = ClearEndianBits(short); err != nil {
		return err
	}
	if files["quirks/records-after-session.fit"], err = Build(Spec{
		Start: start.Add(120 * time.Hour), UTCOffset: time.Hour,
		Sessions: []Session{{Sport: "running", Points: steady(0, 600, 2, 150, 3.0, easyday.Missing),
			End: 600 * time.Second, Elapsed: 240 * time.Second}},
	}); err != nil {
		return err
	}
	if files["quirks/hr-messages-override.fit"], err = Build(Spec{
		Start: start.Add(144 * time.Hour), UTCOffset: time.Hour, HRMessages: true, RecordHR: 100,
		Sessions: []Session{{Sport: "running", Points: hrPts, End: 600 * time.Second}},
	}); err != nil {
		return err
	}
	later, err := Build(Spec{
		Start: start.Add(49 * time.Hour), UTCOffset: time.Hour,
		Sessions: []Session{{Sport: "running", Points: steady(0, 240, 1, 135, 2.9, easyday.Missing), End: 240 * time.Second}},
	})
	if err != nil {
		return err
	}
	chained := append(append([]byte(nil), short...), later...)
	files["quirks/chained.fit"] = chained
	files["quirks/chained-cut-short.fit"] = chained[:len(short)+len(later)/2]
	return nil
}

// fileName is a demo file's name: its local date and kind.
func fileName(local time.Time, kind string) string {
	return fmt.Sprintf("demo/%s-%s.fit", local.Format("2006-01-02"), kind)
}

// PaceStretch is a part of a synthetic run for the pace-load oracles:
// Dur seconds at Speed m/s up Grade (rise over run).
type PaceStretch struct {
	Dur   int
	Speed float64
	Grade float64
}

// The docs/metrics.md §10 pace-load oracles as runs without heart rate, one
// session, timer start at 0 and stop (with the session end) at the last
// record, which sits at the stop and owns nothing. Distance and altitude
// follow the stretches exactly (altitude from 100 m), written at FIT's
// resolution (1 cm, 0.2 m):
//
//	metrics/pace-flat.fit          30 min at 5:00/km; start 2026-06-03T06:00:00Z
//	metrics/pace-hilly-1hz.fit     10 min flat at 3.0 m/s, 10 min at 2.5 m/s up 6%,
//	                               10 min at 3.5 m/s down 6%, a record every second;
//	                               start 2026-06-04T06:00:00Z, sub-sport trail
//	metrics/pace-hilly-smart.fit   the same run, a record every 5 s
//	metrics/pace-intervals.fit     10 min flat at 3.0 m/s, then 10 × (60 s at 5.0 m/s,
//	                               60 s at 2.5 m/s); start 2026-06-05T06:00:00Z
//	metrics/pace-treadmill.fit     the hilly run's first 20 min as sub-sport treadmill:
//	                               the altitude is ignored, grade 0
//
// Expected (threshold 4:00/km for flat and intervals, 4:30/km for the hilly
// runs): pace load 32.0, 33.8566, 33.8612 and 42.8586; NGP 300, 328.12 s/km.
func paceFixtures(files map[string][]byte) error {
	hilly := []PaceStretch{{600, 3.0, 0}, {600, 2.5, 0.06}, {600, 3.5, -0.06}}
	intervals := []PaceStretch{{600, 3.0, 0}}
	for range 10 {
		intervals = append(intervals, PaceStretch{60, 5.0, 0}, PaceStretch{60, 2.5, 0})
	}
	day := func(n int) time.Time { return time.Date(2026, 6, n, 6, 0, 0, 0, time.UTC) }
	for _, f := range []struct {
		name  string
		start time.Time
		sub   string
		parts []PaceStretch
		step  int
	}{
		{"metrics/pace-flat.fit", day(3), "", []PaceStretch{{1800, 1000.0 / 300, 0}}, 1},
		{"metrics/pace-hilly-1hz.fit", day(4), "trail", hilly, 1},
		{"metrics/pace-hilly-smart.fit", day(4).Add(6 * time.Hour), "trail", hilly, 5},
		{"metrics/pace-intervals.fit", day(5), "", intervals, 1},
		{"metrics/pace-treadmill.fit", day(6), "treadmill", hilly[:2], 1},
	} {
		b, err := Build(PaceRun(f.start, f.sub, f.parts, f.step))
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		files[f.name] = b
	}
	return nil
}

// PaceRun is a run of stretches from start with a record every step
// seconds and one at the end, where the timer stops; no heart rate.
func PaceRun(start time.Time, sub string, parts []PaceStretch, step int) Spec {
	total := 0
	for _, p := range parts {
		total += p.Dur
	}
	at := func(s int) (d, h float64) { // distance and altitude at second s
		h = 100
		for _, p := range parts {
			n := min(s, p.Dur)
			d += p.Speed * float64(n)
			h += p.Speed * float64(n) * p.Grade
			s -= n
		}
		return d, h
	}
	var pts []Point
	for s := 0; ; s += step {
		s = min(s, total)
		d, h := at(s)
		pts = append(pts, Point{Offset: time.Duration(s) * time.Second, HR: easyday.Missing, Power: easyday.Missing,
			Distance: d, Speed: easyday.Missing, Altitude: Metres(h)})
		if s == total {
			break
		}
	}
	d, _ := at(total)
	return Spec{
		Start:     start,
		UTCOffset: time.Hour,
		Sessions:  []Session{{Sport: "running", SubSport: sub, Points: pts, Distance: d}},
	}
}
