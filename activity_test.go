package easyday

import (
	"reflect"
	"testing"
	"time"
)

// notMetrics are the fields of Activity that recompute does not compare,
// each with why: what identifies the activity, what its file said, and the
// notes. Every other field is a metric, and SameMetrics must see a change
// in it: a field added to Activity fails this test until it is one or the
// other.
var notMetrics = map[string]string{
	"ID":             "identity",
	"SHA256":         "identity",
	"Source":         "identity",
	"Format":         "the file's format",
	"Sport":          "what the file said",
	"SubSport":       "what the file said",
	"StartUTC":       "what the file said",
	"UTCOffsetS":     "what the file said",
	"LocalDate":      "placed by the start, not by the rules",
	"ElapsedS":       "what the file said; recompute does not store it",
	"TimerS":         "what the file said; recompute does not store it",
	"DistanceM":      "what the file said; recompute does not store it",
	"Warnings":       "notes, not numbers",
	"Dropped":        "counted with the warnings",
	"MetricsVersion": "the history sets it when it stores the metrics",
	"Segments":       "the stream the metrics come from",
	"Excluded":       "the athlete's choice, not a number",
	"ExcludeReason":  "the athlete's words",
	"ScoredWith":     "which thresholds scored the numbers; recompute stores it even when the numbers stay",
}

// Changing any one metric field, by more than the rounding, makes
// SameMetrics false; changing a field that is not a metric leaves it true.
func TestSameMetricsComparesEveryMetric(t *testing.T) {
	one := func(v float64) *float64 { return &v }
	base := Activity{
		ID: 7, Sport: Running, StartUTC: time.Date(2026, 10, 3, 7, 0, 0, 0, time.UTC), TimerS: 3600, HRS: 3500,
		AvgHR: one(150), MaxHR: one(170), Zones: ZoneSeconds{Z1: 600, Z2: 1200, Z3: 1200, Z4: 500},
		TRIMP: one(90), HRSS: one(70), NPW: one(220), PowerTSS: one(65), NGPSPerKm: one(300), PaceLoad: one(60),
		Estimates: Estimates{LTHR: one(170), FTP: one(250), ThresholdPace: one(270), MaxHR: one(190)},
		Load:      70, LoadSource: LoadHR, Warnings: []Warning{}, Segments: []Segment{{Dur: 1, HR: 150}},
	}
	if !base.SameMetrics(base) {
		t.Fatal("SameMetrics(itself) = false")
	}
	nudged := base
	nudged.Load += 0.00001 // below the 4 decimals shown
	if !base.SameMetrics(nudged) {
		t.Error("SameMetrics(load + 0.00001) = false, want true: the change does not show")
	}
	typ := reflect.TypeFor[Activity]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		_, skip := notMetrics[f.Name]
		for _, path := range leaves(f.Type, []int{i}) {
			changed := changes(t, base, path)
			if len(changed) == 0 {
				t.Errorf("%s: no way to change a field of kind %s", fieldName(typ, path), f.Type.Kind())
			}
			for _, c := range changed {
				if same := base.SameMetrics(c); same != skip {
					t.Errorf("SameMetrics with %s changed = %v, want %v (%s)", fieldName(typ, path), same, skip, why(skip))
				}
			}
		}
	}
	for name := range notMetrics {
		if _, ok := typ.FieldByName(name); !ok {
			t.Errorf("notMetrics names %s, which Activity has no more", name)
		}
	}
}

func why(notMetric bool) string {
	if notMetric {
		return "not a metric"
	}
	return "a metric: compare it in SameMetrics, or name it in notMetrics"
}

// leaves lists the fields under a field: a struct of plain fields (the
// zones) is each of its own, anything else the field itself.
func leaves(t reflect.Type, path []int) [][]int {
	if t.Kind() != reflect.Struct || t == reflect.TypeFor[time.Time]() {
		return [][]int{path}
	}
	var out [][]int
	for i := range t.NumField() {
		out = append(out, leaves(t.Field(i).Type, append(append([]int{}, path...), i))...)
	}
	return out
}

func fieldName(t reflect.Type, path []int) string {
	name := ""
	for _, i := range path {
		f := t.Field(i)
		name += "." + f.Name
		t = f.Type
	}
	return name[1:]
}

// changes returns copies of base with the field at path changed, each in
// one way its kind allows (a pointer both to nil and to another value).
func changes(t *testing.T, base Activity, path []int) []Activity {
	var out []Activity
	with := func(set func(v reflect.Value)) {
		b := base
		set(reflect.ValueOf(&b).Elem().FieldByIndex(path))
		out = append(out, b)
	}
	v := reflect.ValueOf(base).FieldByIndex(path)
	switch v.Kind() {
	case reflect.Float64:
		with(func(x reflect.Value) { x.SetFloat(v.Float() + 1) })
	case reflect.Int, reflect.Int32, reflect.Int64:
		with(func(x reflect.Value) { x.SetInt(v.Int() + 1) })
	case reflect.String:
		with(func(x reflect.Value) { x.SetString(v.String() + "x") })
	case reflect.Bool:
		with(func(x reflect.Value) { x.SetBool(!v.Bool()) })
	case reflect.Pointer:
		with(func(x reflect.Value) { x.Set(reflect.Zero(v.Type())) })
		with(func(x reflect.Value) {
			p := reflect.New(v.Type().Elem())
			if !v.IsNil() {
				p.Elem().Set(v.Elem())
			}
			p.Elem().SetFloat(p.Elem().Float() + 1)
			x.Set(p)
		})
	case reflect.Slice:
		with(func(x reflect.Value) { x.Set(reflect.Append(v, reflect.Zero(v.Type().Elem()))) })
	case reflect.Struct:
		with(func(x reflect.Value) { x.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Hour))) })
	default:
		t.Fatalf("%v: no change written for kind %s", path, v.Kind())
	}
	return out
}
