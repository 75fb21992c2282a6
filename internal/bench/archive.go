// Package bench makes the benchmark's input and measures whole commands
// against it: a deterministic archive of synthetic activity files, the
// baselines it is compared with, and the table `make bench` prints. It is
// tooling for developers, not part of easyday.
package bench

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"easyday"
	"easyday/internal/fitgen"
)

// Archive describes a generated benchmark archive.
type Archive struct {
	Dir   string  // the folder holding the files
	Files int     // number of files
	Bytes int64   // bytes on disk
	Hours float64 // timer hours of all the activities
	// Records is the number of record messages in all the files.
	Records int
	Shape   Shape
}

// Shape says what an archive holds.
type Shape struct {
	Files int
	// Gzip writes every fifth file as .fit.gz.
	Gzip bool
	// Seconds is each activity's moving time; 0 gives 45–90 minutes.
	Seconds int
}

// kind is one of the archive's workout shapes.
type kind int

const (
	runHR     kind = iota // a run at 1 s with heart rate
	ridePower             // a ride with power and heart rate
	runSmart              // a run in smart recording (1–5 s), with a pause
	runPaused             // a run at 1 s with two pauses
)

// Generate writes n activity files, one a day from 2016-01-01, into dir:
// runs with heart rate at 1 s, rides with power, smart-recording runs and
// paused runs, every fifth file as .fit.gz. The same n gives the same bytes.
func Generate(dir string, n int) (Archive, error) {
	return GenerateShape(dir, Shape{Files: n, Gzip: true})
}

// GenerateShape writes the archive of shape s into dir, as Generate does;
// without Gzip every file is a plain .fit, the same bytes Generate
// compresses.
func GenerateShape(dir string, s Shape) (Archive, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Archive{}, err
	}
	a := Archive{Dir: dir, Shape: s}
	first := time.Date(2016, 1, 1, 6, 30, 0, 0, time.UTC)
	for i := range s.Files {
		rng := rand.New(rand.NewPCG(uint64(i), 20161))
		start := first.AddDate(0, 0, i)
		k := kind(i % 4)
		spec := workout(k, start, rng, s.Seconds)
		data, err := fitgen.Build(spec)
		if err != nil {
			return a, fmt.Errorf("bench: file %d: %w", i, err)
		}
		name := fmt.Sprintf("%s-%04d.fit", start.Format("2006-01-02"), i)
		path := filepath.Join(dir, name)
		if s.Gzip && i%5 == 4 {
			path += ".gz"
			if data, err = gz(data); err != nil {
				return a, err
			}
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return a, err
		}
		a.Files++
		a.Bytes += int64(len(data))
		a.Hours += timerHours(spec)
		a.Records += len(spec.Sessions[0].Points)
	}
	return a, nil
}

// workout simulates one activity of kind k: 45–90 minutes (or seconds
// when it is positive), heart rate that follows the effort with a lag,
// noise in speed and power.
func workout(k kind, start time.Time, rng *rand.Rand, seconds int) fitgen.Spec {
	dur := 45*60 + rng.IntN(46)*60 // seconds of moving time
	if seconds > 0 {
		dur = seconds
	}
	ride := k == ridePower
	var pauses []fitgen.Pause
	switch k {
	case runSmart:
		pauses = []fitgen.Pause{{At: time.Duration(dur/2) * time.Second, Dur: 90 * time.Second}}
	case runPaused:
		pauses = []fitgen.Pause{
			{At: time.Duration(dur/3) * time.Second, Dur: 45 * time.Second},
			{At: time.Duration(2*dur/3) * time.Second, Dur: 120 * time.Second},
		}
	}
	var pts []fitgen.Point
	hr, dist := 95.0, 0.0
	base := 3.0 + rng.Float64()*0.6
	if ride {
		base = 8.0 + rng.Float64()*2
	}
	t, moving, next := 0, 0, 0 // elapsed and moving seconds; the next pause
	for moving < dur {
		if next < len(pauses) && time.Duration(t)*time.Second == pauses[next].At {
			t += int(pauses[next].Dur / time.Second)
			next++
		}
		// Efforts rise and fall every ten minutes.
		effort := 0.5 + 0.5*math.Sin(float64(moving)/600*math.Pi)
		target := 125 + 40*effort
		hr += (target - hr) * 0.03
		speed := base * (0.9 + 0.2*effort) * (1 + rng.NormFloat64()*0.03)
		p := fitgen.Point{
			Offset:   time.Duration(t) * time.Second,
			HR:       int(math.Round(hr + rng.NormFloat64())),
			Power:    easyday.Missing,
			Distance: math.Round(dist*100) / 100,
			Speed:    math.Round(speed*1000) / 1000,
		}
		if ride {
			p.Power = max(0, int(math.Round((150+120*effort)*(1+rng.NormFloat64()*0.08))))
		}
		pts = append(pts, p)
		step := 1
		if k == runSmart {
			step = 1 + rng.IntN(5)
		}
		if next < len(pauses) {
			// Record up to the stop, then stand still.
			step = min(step, int(pauses[next].At/time.Second)-t)
		}
		dist += speed * float64(step)
		t += step
		moving += step
	}
	sport, sub := "running", ""
	if ride {
		sport, sub = "cycling", "road"
	}
	return fitgen.Spec{
		Start:     start,
		UTCOffset: time.Hour,
		Sessions:  []fitgen.Session{{Sport: sport, SubSport: sub, Points: pts, End: time.Duration(t) * time.Second}},
		Pauses:    pauses,
	}
}

func gz(data []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// timerHours is the moving time of a one-session spec.
func timerHours(s fitgen.Spec) float64 {
	ses := s.Sessions[0]
	d := ses.End - ses.Points[0].Offset
	for _, p := range s.Pauses {
		d -= p.Dur
	}
	return d.Hours()
}

// Drop writes one more activity file, a run on the day before day, for the
// watch measurement; it is not part of the archive.
func Drop(path string, day time.Time, seq int) error {
	rng := rand.New(rand.NewPCG(uint64(seq), 7))
	spec := workout(runHR, day.AddDate(0, 0, -1).Add(time.Duration(seq)*time.Minute), rng, 0)
	data, err := fitgen.Build(spec)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
