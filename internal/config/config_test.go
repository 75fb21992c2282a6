package config

// Moved from cmd/easyday/config_test.go with the configuration code; the
// exit code a configuration error gives is asserted where it is made,
// cmd/easyday's TestConfigErrorExitUsage.

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"easyday"
)

const validConfig = `timezone = "Europe/London"
database = "db/history.db"
[athlete]
sex = "female"
resting_hr = 48
max_hr = 188
distance_unit = "mi"
[[thresholds]]
from = 2026-03-01
run_lthr = 172
bike_lthr = 165
ftp = 240
run_threshold_pace = "7:15/mi"
[[thresholds]]
from = "2025-01-01"
run_lthr = 168
bike_lthr = 160
`

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func noEnv(string) string { return "" }

func TestLoadConfigValid(t *testing.T) {
	p := writeConfig(t, validConfig)
	c, err := Load(p, func(k string) string {
		if k == "HOME" {
			return "/home/runner"
		}
		return ""
	})
	if err != nil {
		t.Fatalf("loadConfig = %v", err)
	}
	if got, want := c.Database, filepath.Join(filepath.Dir(p), "db", "history.db"); got != want {
		t.Errorf("Database = %q, want %q (relative to the config file)", got, want)
	}
	if got, want := c.Inbox, "/home/runner/.local/share/easyday/inbox"; got != want {
		t.Errorf("Inbox = %q, want %q", got, want)
	}
	if got := c.Profile.Location.String(); got != "Europe/London" {
		t.Errorf("Location = %q", got)
	}
	a := c.Profile.Athlete
	if a.Sex != "female" || a.RestingHR != 48 || a.MaxHR != 188 || a.DistanceUnit != "mi" || a.InjuryProne {
		t.Errorf("Athlete = %+v", a)
	}
	th := c.Profile.Thresholds
	if len(th) != 2 || th[0].From.String() != "2025-01-01" || th[1].From.String() != "2026-03-01" || th[1].FTP != 240 || th[0].FTP != 0 {
		t.Errorf("Thresholds = %+v, want two sets sorted by date", th)
	}
	if want := 435 * 1000 / 1609.344; th[1].RunThresholdPace != want || th[0].RunThresholdPace != 0 {
		t.Errorf("RunThresholdPace = %v and %v, want %v and none", th[1].RunThresholdPace, th[0].RunThresholdPace, want)
	}
	d, _ := easyday.ParseDate("2026-02-28")
	if got, _ := c.Profile.ThresholdsOn(d); got.RunLTHR != 168 {
		t.Errorf("ThresholdsOn(2026-02-28).RunLTHR = %d, want 168", got.RunLTHR)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name, edit, key string
	}{
		{"no timezone", `timezone = "Europe/London"` + "\n", "timezone"},
		{"bad timezone", `"Europe/London"|"Mars/Olympus"`, "timezone"},
		{"no sex", `sex = "female"` + "\n", "athlete.sex"},
		{"bad sex", `"female"|"other"`, "athlete.sex"},
		{"no resting", "resting_hr = 48\n", "athlete.resting_hr"},
		{"max below resting", "max_hr = 188|max_hr = 40", "athlete.max_hr"},
		{"bad unit", `"mi"|"miles"`, "athlete.distance_unit"},
		{"no unit", `distance_unit = "mi"` + "\n", "athlete.distance_unit"},
		{"lthr above max", "run_lthr = 172|run_lthr = 200", "thresholds[1].run_lthr"},
		{"no bike lthr", "bike_lthr = 160\n", "thresholds[2].bike_lthr"},
		{"bad from", `"2025-01-01"|"01/01/2025"`, "thresholds[2].from"},
		{"unknown key", "[athlete]|[athlete]\ninjury = true", "athlete.injury"},
		{"cycle length zero", "[athlete]|[athlete]\ncycle_start = 2026-10-01\ncycle_length_days = 0", "athlete.cycle_length_days"},
		{"cycle length alone", "[athlete]|[athlete]\ncycle_length_days = 28", "athlete.cycle_length_days"},
		{"cycle start bad", "[athlete]|[athlete]\ncycle_start = \"soon\"", "athlete.cycle_start"},
		{"seed nan", "[athlete]|[athlete]\nfitness_seed = nan", "athlete.fitness_seed"},
		{"seed inf", "[athlete]|[athlete]\nfitness_seed = inf", "athlete.fitness_seed"},
		{"seed -inf", "[athlete]|[athlete]\nfatigue_seed = -inf", "athlete.fatigue_seed"},
		{"seed huge", "[athlete]|[athlete]\nfitness_seed = 1e308", "athlete.fitness_seed"},
		{"seed negative", "[athlete]|[athlete]\nfatigue_seed = -1.5", "athlete.fatigue_seed"},
		{"pace seconds over 59", `"7:15/mi"|"4:75/km"`, "thresholds[1].run_threshold_pace"},
		{"pace a word", `"7:15/mi"|"fast"`, "thresholds[1].run_threshold_pace"},
		{"pace a number", `"7:15/mi"|0`, "thresholds[1].run_threshold_pace"},
		{"pace zero", `"7:15/mi"|"0:00/km"`, "thresholds[1].run_threshold_pace"},
		{"syntax", `timezone = "Europe/London"|timezone = `, ""},
		{"string for number", "resting_hr = 48|resting_hr = \"48\"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := validConfig
			if old, nw, ok := strings.Cut(tt.edit, "|"); ok {
				body = strings.Replace(body, old, nw, 1)
			} else {
				body = strings.Replace(body, tt.edit, "", 1)
			}
			p := writeConfig(t, body)
			_, err := Load(p, noEnv)
			if err == nil {
				t.Fatalf("Load(%s) = nil error", tt.name)
			}
			if ce := (*Error)(nil); !errors.As(err, &ce) {
				t.Errorf("Load(%s) = %v (%T), want a *config.Error (exit 2)", tt.name, err, err)
			}
			if !strings.Contains(err.Error(), p) || (tt.key != "" && !strings.Contains(err.Error(), tt.key)) {
				t.Errorf("Load(%s) = %q, want the file %s and key %q named", tt.name, err, p, tt.key)
			}
		})
	}
}

func TestConfigPath(t *testing.T) {
	env := map[string]string{"HOME": "/h"}
	get := func(k string) string { return env[k] }
	if got := Path("", get); got != "/h/.config/easyday/config.toml" {
		t.Errorf("Path() = %q", got)
	}
	env["XDG_CONFIG_HOME"] = "/x"
	if got := Path("", get); got != "/x/easyday/config.toml" {
		t.Errorf("Path(XDG) = %q", got)
	}
	env["EASYDAY_CONFIG"] = "/e.toml"
	if got := Path("", get); got != "/e.toml" {
		t.Errorf("Path(EASYDAY_CONFIG) = %q", got)
	}
	if got := Path("/f.toml", get); got != "/f.toml" {
		t.Errorf("Path(--config) = %q", got)
	}
}

func TestTemplateLoadsAfterInit(t *testing.T) {
	// The template must be a valid configuration as written, so a person who
	// only changes numbers never meets a syntax error.
	p := writeConfig(t, Template)
	if _, err := Load(p, noEnv); err != nil {
		t.Fatalf("Load(template) = %v", err)
	}
}

// A path key naming the wrong kind of thing stops every command with exit 2
// naming the key, before anything is opened.
func TestLoadConfigPathKinds(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	folder := filepath.Join(dir, "a-folder")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(folder, 0o700)
	tests := []struct{ key, value string }{
		{"inbox", file},
		{"reports", file},
		{"database", folder},
		{"database", filepath.Join(file, "history.db")},
		{"inbox", filepath.Join(file, "deeper", "inbox")},
	}
	for _, tt := range tests {
		body := strings.Replace(validConfig, "[athlete]", tt.key+" = \""+tt.value+"\"\n[athlete]", 1)
		body = strings.Replace(body, `database = "db/history.db"`+"\n", "", 1)
		if tt.key != "database" {
			body = `database = "db/history.db"` + "\n" + body
		}
		p := writeConfig(t, body)
		_, err := Load(p, noEnv)
		if ce := (*Error)(nil); !errors.As(err, &ce) || !strings.Contains(err.Error(), ": "+tt.key+": ") {
			t.Errorf("Load(%s = %s) = %v, want exit 2 naming the key", tt.key, tt.value, err)
		}
	}
	// The right kinds, existing or not yet, are fine.
	body := strings.Replace(validConfig, "[athlete]", "inbox = \""+folder+"\"\nreports = \""+filepath.Join(dir, "new", "reports")+"\"\n[athlete]", 1)
	if _, err := Load(writeConfig(t, body), noEnv); err != nil {
		t.Errorf("Load(existing inbox, reports to be made) = %v", err)
	}
}

// The template explains run_threshold_pace, and uncommenting its example
// gives a configuration with a threshold pace.
func TestTemplateThresholdPace(t *testing.T) {
	if !strings.Contains(Template, "the pace you could race for about an hour; a recent 10 km race pace is close") {
		t.Error("template does not explain run_threshold_pace")
	}
	body := strings.Replace(Template, `# run_threshold_pace = "4:30/km"`, `run_threshold_pace = "4:30/km"`, 1)
	c, err := Load(writeConfig(t, body), noEnv)
	if err != nil {
		t.Fatalf("Load(template with run_threshold_pace) = %v", err)
	}
	if got := c.Profile.Thresholds[0].RunThresholdPace; got != 270 {
		t.Errorf("RunThresholdPace = %v, want 270 s/km", got)
	}
}
