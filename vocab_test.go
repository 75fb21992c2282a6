package easyday

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// parsers is the one Parse function of each closed set.
var parsers = map[string]func(string) (string, error){
	"Sex":          wrap(ParseSex),
	"DistanceUnit": wrap(ParseDistanceUnit),
	"LoadSource":   wrap(ParseLoadSource),
	"FileStatus":   wrap(ParseFileStatus),
	"Format":       wrap(ParseFormat),
	"AdviceCode":   wrap(ParseAdviceCode),
	"WarningCode":  wrap(ParseWarningCode),
	"ThresholdKey": wrap(ParseThresholdKey),
	"WellnessKind": wrap(ParseWellnessKind),
	"Metric":       wrap(ParseMetric),
	"DataNoteCode": wrap(ParseDataNoteCode),
}

func wrap[T ~string](parse func(string) (T, error)) func(string) (string, error) {
	return func(s string) (string, error) {
		v, err := parse(s)
		return string(v), err
	}
}

// TestClosedSetsParseEveryConstant reads the package's source and checks that
// every constant declared with a closed-set type parses back to itself, so a
// value added as a constant but not listed in its set fails here.
func TestClosedSetsParseEveryConstant(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				id, ok := vs.Type.(*ast.Ident)
				if !ok {
					continue
				}
				parse, ok := parsers[id.Name]
				if !ok {
					continue
				}
				for i, name := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok {
						t.Fatalf("%s: constant %s is not a string literal", fset.Position(name.Pos()), name.Name)
					}
					want, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					if got, err := parse(want); err != nil || got != want {
						t.Errorf("Parse%s(%q) = %q, %v, want %s (is it listed in its set?)", id.Name, want, got, err, name.Name)
					}
					found[id.Name]++
				}
			}
		}
	}
	for typ := range parsers {
		if found[typ] == 0 {
			t.Errorf("no constants of type %s found", typ)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for typ, parse := range parsers {
		for _, s := range []string{"", "bogus", " km", "KM", "Male", "POWER"} {
			if got, err := parse(s); err == nil {
				t.Errorf("Parse%s(%q) = %q, want an error", typ, s, got)
			}
		}
	}
	// The configuration's messages are these errors' text.
	_, err := ParseDistanceUnit("yd")
	if want := `"yd": want "mi" or "km"`; err == nil || err.Error() != want {
		t.Errorf("ParseDistanceUnit(yd) error = %v, want %s", err, want)
	}
	_, err = ParseSex("")
	if want := `missing: "male" or "female"`; err == nil || err.Error() != want {
		t.Errorf("ParseSex() error = %v, want %s", err, want)
	}
}

// TestClosedSetsJSON: the named types marshal as the plain strings.
func TestClosedSetsJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		S LoadSource
		U DistanceUnit
		C AdviceCode
	}{LoadHR, Miles, AdviceRest})
	if err != nil || string(b) != `{"S":"hr","U":"mi","C":"rest"}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
}

func TestDistanceUnit(t *testing.T) {
	tests := []struct {
		u    DistanceUnit
		m    float64
		want float64
	}{
		{Miles, 1609.344, 1},
		{Kilometres, 10050, 10.05},
		{"", 1000, 1}, // unset counts in kilometres
	}
	for _, tt := range tests {
		if got := tt.u.FromMetres(tt.m); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("DistanceUnit(%q).FromMetres(%g) = %g, want %g", tt.u, tt.m, got, tt.want)
		}
	}
	if got := DistanceUnit("").Or(Miles); got != Miles {
		t.Errorf(`DistanceUnit("").Or(mi) = %q, want mi`, got)
	}
	if got := Kilometres.Or(Miles); got != Kilometres {
		t.Errorf(`km.Or(mi) = %q, want km`, got)
	}
}

// TestFormBandOf checks the band edges: each band is closed above.
func TestFormBandOf(t *testing.T) {
	tests := []struct {
		form float64
		want FormBand
	}{
		{-45, FormOverreached}, {-30, FormOverreached}, {-29.9999, FormFatigued}, {-20, FormFatigued},
		{-19.9999, FormProductive}, {-10, FormProductive}, {-9.9999, FormRecovered}, {5, FormRecovered},
		{5.0001, FormFresh}, {25, FormFresh}, {25.0001, FormFading}, {math.Inf(1), FormFading},
		{math.Inf(-1), FormOverreached}, {math.NaN(), FormFresh},
	}
	for _, tt := range tests {
		if got := FormBandOf(tt.form); got != tt.want {
			t.Errorf("FormBandOf(%g) = %d, want %d", tt.form, got, tt.want)
		}
	}
}
