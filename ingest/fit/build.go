package fit

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/muktihari/fit/profile/typedef"

	"easyday"
)

// group is an activity (or other file) sequence together with the sequences
// without file_id that follow it: HRM-Swim/Tri/Pro uploads append hr-only
// sequences to the activity they belong to.
type group struct {
	seqs      []*sequence
	hasFileID bool
	fileType  typedef.File
}

// known reports whether the group's file type is a valid, named FIT type.
func (g *group) known() bool { return g.hasFileID && g.fileType != typedef.FileInvalid }

// kind names the group's file type for a "not an activity" message.
func (g *group) kind() string {
	s := g.fileType.String()
	switch g.fileType {
	case typedef.FileMonitoringA, typedef.FileMonitoringB, typedef.FileMonitoringDaily:
		return "daily monitoring"
	}
	if strings.HasPrefix(s, "FileInvalid") {
		// Newer Garmin file types the public profile does not name yet
		// (names as Gadgetbridge and other readers use them).
		switch g.fileType {
		case fileSleep:
			return "sleep"
		case fileHRVStatus:
			return "HRV status"
		case fileMetrics:
			return "metrics"
		case fileSkinTemp:
			return "skin temperature"
		}
		return fmt.Sprintf("type %d", g.fileType)
	}
	return s
}

func (g *group) hasData() bool {
	for _, s := range g.seqs {
		if len(s.samples) > 0 || len(s.sessions) > 0 {
			return true
		}
	}
	return false
}

func (g *group) hasSession() bool {
	for _, s := range g.seqs {
		if len(s.sessions) > 0 {
			return true
		}
	}
	return false
}

func (g *group) recordCount() int {
	n := 0
	for _, s := range g.seqs {
		n += s.records()
	}
	return n
}

// capped reports whether the group has records past a sequence's limit. Its
// recording then keeps exactly the samples it would keep with every sample
// decoded (the first easyday.MaxRecords in file order) when the group has one
// sequence with records, one session at most and no damage: otherwise the
// file must be decoded without the cap (errUncapped).
func (g *group) capped() (dropped int, exact bool) {
	withRecords, sessions := 0, 0
	exact = true
	for _, s := range g.seqs {
		dropped += s.dropped
		if s.records() > 0 {
			withRecords++
		}
		sessions += len(s.sessions)
		exact = exact && s.decodeErr == nil
	}
	return dropped, exact && withRecords == 1 && sessions <= 1
}

// isActivity: the file type says activity, or the type is missing or invalid
// but the data are an activity's (records or sessions). A known other type
// wins even with records: a course file has records too.
func (g *group) isActivity() bool {
	if g.known() {
		return g.fileType == typedef.FileActivity
	}
	return g.hasData()
}

// build turns decoded sequences into recordings.
func build(seqs []*sequence, fileWarnings []easyday.Warning) ([]easyday.Recording, error) {
	var groups []*group
	for _, s := range seqs {
		if s.hasFileID || len(groups) == 0 {
			groups = append(groups, &group{hasFileID: s.hasFileID, fileType: s.fileType})
		}
		g := groups[len(groups)-1]
		g.seqs = append(g.seqs, s)
	}
	for _, g := range groups {
		if dropped, exact := g.capped(); dropped > 0 && !exact {
			return nil, errUncapped
		}
	}

	// Damage in the first sequence: keep what came before it only when it is
	// at least a minute of recording; otherwise the file is rejected.
	if first := seqs[0]; first.decodeErr != nil {
		g := groups[0]
		if !g.known() || g.fileType == typedef.FileActivity {
			if span := recordSpan(g); span < minKeptSpan {
				return nil, damageError(first, span, g.recordCount())
			}
		}
	}

	var recs []easyday.Recording
	var notActivity *group
	activities, empty, untimed, relative, single := 0, 0, 0, 0, 0
	for _, g := range groups {
		if !g.isActivity() {
			if notActivity == nil && g.known() {
				notActivity = g
			}
			continue
		}
		activities++
		if g.recordCount() == 0 {
			empty++
			for _, s := range g.seqs {
				untimed += s.untimed
				relative += s.relative
			}
			continue
		}
		if g.recordCount() == 1 && !g.hasSession() {
			// Nothing to analyse: no duration, no summary. A watch writes
			// this when an activity is started and discarded at once.
			single++
			continue
		}
		recs = append(recs, buildGroup(g, fileWarnings)...)
	}
	switch {
	case len(recs) > 0:
		return recs, nil
	case activities > 0 && empty == activities && relative > 0:
		return nil, fmt.Errorf("%w: every record's time counts from the device's power-on (%d records)", easyday.ErrClockNotSet, relative)
	case activities > 0 && empty == activities && untimed > 0:
		return nil, fmt.Errorf("FIT activity has no records with a timestamp (%d without)", untimed)
	case activities > 0 && empty == activities:
		return nil, errors.New("FIT activity has no records")
	case activities > 0 && empty+single == activities:
		return nil, errors.New("FIT activity has a single record and no session summary: nothing to analyse")
	case notActivity != nil:
		return nil, fmt.Errorf("%w: %s file", easyday.ErrNotActivity, notActivity.kind())
	}
	return nil, errors.New("FIT file holds no activity: no file_id, records or sessions")
}

// damageError explains why a file damaged early is rejected.
func damageError(s *sequence, span float64, n int) error {
	if n == 0 {
		return fmt.Errorf("FIT file is damaged at byte %s (%v) before any record", thousands(s.errPos), s.decodeErr)
	}
	return fmt.Errorf("FIT file is damaged at byte %s (%v); the %d records before it cover only %.0f s, too little to keep",
		thousands(s.errPos), s.decodeErr, n, span)
}

// recordSpan is the time from the group's first to last record, in seconds.
func recordSpan(g *group) float64 {
	var lo, hi easyday.Instant
	some := false
	for _, s := range g.seqs {
		for _, r := range s.samples {
			if !some || r.Time < lo {
				lo = r.Time
			}
			if !some || r.Time > hi {
				hi = r.Time
			}
			some = true
		}
	}
	if !some {
		return 0
	}
	return hi.Sub(lo).Seconds()
}

// window is the time span a session owns, in FIT seconds: [lo, hi]; a time
// shared with the next session's start belongs to the next session.
type window struct {
	lo, hi float64
	s      *session // nil for a file without sessions
}

// buildGroup makes one recording per session of an activity group.
func buildGroup(g *group, fileWarnings []easyday.Warning) []easyday.Recording {
	m := g.merge()
	warnings := append(m.warnings, fileWarnings...)
	if m.untimed > 0 {
		warnings = append(warnings, easyday.Warnf(easyday.WarningUntimedRecords, "ignored %d records without a timestamp", m.untimed))
	}
	if m.relative > 0 {
		warnings = append(warnings, easyday.Warnf(easyday.WarningClockFault,
			"dropped %d records whose time counts from the device's power-on, not a date", m.relative))
	}
	mergeHR(m.samples, expandHR(m.hrs, nil))
	offset := localOffset(m.act)

	wins := windows(m.sessions)
	if len(wins) == 0 {
		wins = []window{{lo: math.Inf(-1), hi: math.Inf(1)}}
	}
	out := make([]easyday.Recording, len(wins))
	for i, w := range wins {
		r := easyday.Recording{Format: easyday.FormatFIT, UTCOffsetS: offset}
		if w.s != nil {
			r.Sport, r.SubSport = sportName(w.s.sport), subSportName(w.s.subSport)
			if w.s.start != invalidTime {
				r.Start = fitTime(w.s.start)
			}
			r.ElapsedS, r.TimerS, r.DistanceM = w.s.elapsed, w.s.timer, w.s.distance
		} else {
			r.Sport = easyday.Generic
			if len(m.sports) > 0 {
				r.Sport, r.SubSport = sportName(m.sports[0].sport), subSportName(m.sports[0].subSport)
			}
		}
		if len(warnings) > 0 {
			r.Warnings = append([]easyday.Warning(nil), warnings...)
		}
		out[i] = r
	}

	assignSamples(out, wins, m.samples)
	addEvents(out, wins, m.events)
	dropped, _ := g.capped()
	for i := range out {
		// Samples past the cap were only counted: a capped group has a
		// single recording (see capped).
		limitRecords(&out[i], len(out[i].Samples)+dropped)
	}
	return out
}

// merged is what a group's sequences hold together, in file order.
type merged struct {
	samples  []easyday.Sample
	events   []timerEvent
	sessions []session
	sports   []sportInfo
	act      *activityInfo // the first sequence's activity message, if any
	hrs      []hrMesg
	warnings []easyday.Warning
	untimed  int
	relative int
}

// merge joins the messages of the group's sequences. The samples are not
// copied when one sequence holds them all, as usual.
func (g *group) merge() merged {
	var m merged
	withRecords := 0
	for _, s := range g.seqs {
		if len(s.samples) > 0 {
			withRecords++
			m.samples = s.samples
		}
	}
	if withRecords > 1 {
		m.samples = make([]easyday.Sample, 0, g.recordCount())
	}
	for _, s := range g.seqs {
		if withRecords > 1 {
			m.samples = append(m.samples, s.samples...)
		}
		m.events = append(m.events, s.events...)
		m.sessions = append(m.sessions, s.sessions...)
		m.sports = append(m.sports, s.sports...)
		if m.act == nil {
			m.act = s.activity
		}
		// One hr stream for the group: an anchor holds across sequences,
		// as in the SDK, which reads the hr messages of the whole file.
		m.hrs = append(m.hrs, s.hrs...)
		m.warnings = append(m.warnings, s.warnings...)
		m.untimed += s.untimed
		m.relative += s.relative
	}
	// A session time below relativeTimeLimit counts from the device's
	// power-on: it says nothing of when (docs/metrics.md §1.3).
	for i := range m.sessions {
		ss := &m.sessions[i]
		if ss.start < relativeTimeLimit {
			ss.start = invalidTime
		}
		if ss.ts < relativeTimeLimit {
			ss.ts = invalidTime
		}
	}
	return m
}

// localOffset is the file's offset from UTC, from its activity message's
// local and UTC times, or nil when it does not say.
func localOffset(act *activityInfo) *int {
	if act == nil || act.ts == invalidTime || act.local == invalidTime || act.ts < relativeTimeLimit {
		return nil
	}
	// Rounded to 15 min: every time zone offset in use is a multiple of it.
	d := (float64(act.local) - float64(act.ts)) / 900
	if o := int(math.Round(d)) * 900; o >= -14*3600 && o <= 14*3600 {
		return &o
	}
	return nil
}

// assignSamples gives each recording the samples of its window (or the
// nearest one). The samples are not copied: records come in time order,
// session after session, so each recording's samples are a run of the
// decoded ones, resliced with its own capacity so that appending to one
// never touches the next. Only samples of sessions that interleave (rare and
// odd) are copied out.
func assignSamples(out []easyday.Recording, wins []window, samples []easyday.Sample) {
	if len(out) == 1 {
		out[0].Samples = samples // its own array, whole, for Recycle
		return
	}
	owners := func(yield func(int, int) bool) {
		for j := range samples {
			if !yield(j, owner(wins, fitSecondsAt(samples[j].Time))) {
				return
			}
		}
	}
	runs := true
	prev := 0
	counts := make([]int, len(wins))
	for _, i := range owners {
		runs = runs && i >= prev
		prev = i
		counts[i]++
	}
	if runs {
		lo := 0
		for i := range out {
			out[i].Samples = samples[lo : lo+counts[i] : lo+counts[i]]
			lo += counts[i]
		}
		return
	}
	for i := range out {
		out[i].Samples = make([]easyday.Sample, 0, counts[i])
	}
	for j, i := range owners {
		out[i].Samples = append(out[i].Samples, samples[j])
	}
}

// windowSlack is how far outside a session's window a sample or event may
// lie and still belong to it: devices round start and elapsed times, and
// often write the last record a second after start + elapsed.
const windowSlack = 5 // seconds

// windows orders the sessions by start and gives each its time window. The
// end is the later of start + total_elapsed_time and the session message's
// timestamp: some devices write the timer time as elapsed time.
func windows(sessions []session) []window {
	wins := make([]window, 0, len(sessions))
	for i := range sessions {
		s := &sessions[i]
		w := window{lo: math.Inf(-1), hi: math.Inf(1), s: s}
		switch {
		case s.start != invalidTime:
			w.lo = float64(s.start)
			if s.elapsed != nil || (s.ts != invalidTime && s.ts >= s.start) {
				w.hi = w.lo
				if s.elapsed != nil {
					w.hi += *s.elapsed
				}
				if s.ts != invalidTime {
					w.hi = max(w.hi, float64(s.ts))
				}
			}
		case s.ts != invalidTime && s.elapsed != nil:
			w.hi = float64(s.ts)
			w.lo = w.hi - *s.elapsed
		}
		wins = append(wins, w)
	}
	sort.SliceStable(wins, func(i, j int) bool { return wins[i].lo < wins[j].lo })
	return wins
}

// owner returns the index of the window holding time t, or -1 when there
// are no windows. Windows partition time by their starts: t belongs to the
// latest window starting at or before it (so a time shared by one session's
// end and the next one's start goes to the later session), unless t is past
// that window's end; within windowSlack of a window's edge still counts. A
// time outside every window belongs to the nearest one (docs/metrics.md §1,
// "Sessions"), the later one on a tie: a single-session file uses all its
// records, whatever its session says.
func owner(wins []window, t float64) int {
	k := sort.Search(len(wins), func(i int) bool { return wins[i].lo > t }) - 1
	switch {
	case len(wins) == 0:
		return -1
	case k < 0:
		return 0
	case t <= wins[k].hi+windowSlack || k+1 == len(wins):
		return k
	case t >= wins[k+1].lo-windowSlack || wins[k+1].lo-t <= t-wins[k].hi:
		return k + 1
	}
	return k
}

// addEvents gives each session the timer events in its window (or the
// nearest one). A session's events must make sense on their own: when the
// first of them stops the timer in a session after the first, the timer ran
// into it from the one before, so a start is added at the session's start (a
// triathlon's timer runs through its sessions without a new start).
// A session without events of its own has HasEvents false: its timer runs
// from its first sample to its last, which is also right for the middle
// sessions of a multisport file whose only events open and close the whole.
func addEvents(out []easyday.Recording, wins []window, events []timerEvent) {
	for _, e := range events {
		if i := owner(wins, float64(e.t)); i >= 0 {
			out[i].Events = append(out[i].Events, easyday.TimerEvent{Time: fitTime(e.t), Running: e.running})
		}
	}
	for i := range out {
		r := &out[i]
		if len(r.Events) == 0 {
			continue
		}
		r.HasEvents = true
		first := r.Events[0]
		for _, e := range r.Events[1:] {
			if e.Time.Before(first.Time) {
				first = e
			}
		}
		if first.Running || i == 0 {
			// Before the file's first event the analysis decides (a first
			// stop means the timer was running): only a later session, which
			// the timer ran into from an earlier one, needs its start.
			continue
		}
		start := first.Time
		if !math.IsInf(wins[i].lo, -1) {
			start = fitTimeF(wins[i].lo)
		}
		at := easyday.InstantOf(start)
		for _, s := range r.Samples { // samples within windowSlack before the window count too
			if s.Time < at {
				at, start = s.Time, s.Time.Time()
			}
		}
		r.Events = append([]easyday.TimerEvent{{Time: start, Running: true}}, r.Events...)
	}
}

// sportName is the lower-case FIT profile name of a sport; a value the
// profile does not know is "generic".
func sportName(s typedef.Sport) easyday.Sport {
	name := s.String()
	if strings.HasPrefix(name, "SportInvalid") {
		return easyday.Generic
	}
	return easyday.Sport(name)
}

// subSportName is the lower-case FIT profile name of a sub-sport, "" for
// generic and for values the profile does not know.
func subSportName(s typedef.SubSport) string {
	name := s.String()
	if s == typedef.SubSportGeneric || strings.HasPrefix(name, "SubSportInvalid") {
		return ""
	}
	return name
}
