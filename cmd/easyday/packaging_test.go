package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// packagingDir holds the shipped cron line and systemd units.
var packagingDir = filepath.Join("..", "..", "packaging")

// unitValues returns every value of key in a unit or crontab file, comments
// left out.
func unitValues(t *testing.T, name, key string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(packagingDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var vals []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") && strings.TrimSpace(k) == key {
			vals = append(vals, strings.TrimSpace(v))
		}
	}
	return vals
}

// morningSync is the earliest local hour a morning run may start: sleep and
// HRV files exist only once the athlete is up and the watch has synced.
const morningSync = 7

// TestPackagingSchedules: the shipped schedules run after the morning sync,
// in a named time zone (the athlete's, not the server's), and every unit
// runs a command easyday has; the template units take the athlete's
// configuration from the instance name.
func TestPackagingSchedules(t *testing.T) {
	calendar := regexp.MustCompile(`^\*-\*-\* (\d\d):(\d\d):(\d\d) ([A-Za-z_]+/[A-Za-z_]+)$`)
	for _, timer := range []string{"easyday-run.timer", "easyday-run@.timer"} {
		cals := unitValues(t, timer, "OnCalendar")
		if len(cals) != 1 {
			t.Fatalf("%s: OnCalendar = %q, want one", timer, cals)
		}
		m := calendar.FindStringSubmatch(cals[0])
		if m == nil {
			t.Errorf("%s: OnCalendar=%s, want a daily time with a time zone", timer, cals[0])
			continue
		}
		if h, _ := strconv.Atoi(m[1]); h < morningSync {
			t.Errorf("%s: runs at %s:%s, before the morning sync (%02d:00)", timer, m[1], m[2], morningSync)
		}
	}
	b, err := os.ReadFile(filepath.Join(packagingDir, "crontab"))
	check(t, err)
	var cronTZ bool
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
		case strings.HasPrefix(f[0], "CRON_TZ="):
			cronTZ = true
		case len(f) >= 7:
			if h, err := strconv.Atoi(f[1]); err != nil || h < morningSync {
				t.Errorf("crontab: %q runs at hour %s, want %d or later", line, f[1], morningSync)
			}
			if f[len(f)-1] != "run" || !strings.HasSuffix(f[5], "/easyday") {
				t.Errorf("crontab: %q, want easyday run", line)
			}
		}
	}
	if !cronTZ {
		t.Errorf("crontab: no CRON_TZ line: the schedule would follow the server's zone")
	}

	services := map[string]bool{ // unit -> a template for one athlete of several
		"easyday-run.service": false, "easyday-watch.service": false,
		"easyday-run@.service": true, "easyday-watch@.service": true,
	}
	for unit, template := range services {
		execs := unitValues(t, unit, "ExecStart")
		if len(execs) != 1 {
			t.Fatalf("%s: ExecStart = %q, want one", unit, execs)
		}
		f := strings.Fields(execs[0])
		args := f[1:]
		if template {
			if len(args) < 2 || args[0] != "--config" || args[1] != "%h/.config/easyday/%i.toml" {
				t.Errorf("%s: ExecStart=%s, want --config %%h/.config/easyday/%%i.toml", unit, execs[0])
				continue
			}
			args = args[2:]
		}
		if len(args) == 0 {
			t.Errorf("%s: ExecStart=%s names no command", unit, execs[0])
		} else if _, ok := commands[args[0]]; !ok {
			t.Errorf("%s: ExecStart=%s runs %q, which is no easyday command", unit, execs[0], args[0])
		}
	}
}

// TestPackagingVerify runs systemd-analyze verify on the units where the
// machine has it: a unit systemd would refuse fails here, not on a user's
// server.
func TestPackagingVerify(t *testing.T) {
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	home, runtime := t.TempDir(), t.TempDir()
	check(t, os.MkdirAll(filepath.Join(home, "go", "bin"), 0o700))
	// verify checks that ExecStart names an executable.
	check(t, os.WriteFile(filepath.Join(home, "go", "bin", "easyday"), []byte("#!/bin/sh\n"), 0o700))
	units := t.TempDir()
	names, err := filepath.Glob(filepath.Join(packagingDir, "easyday-*"))
	check(t, err)
	for _, n := range names {
		copyFile(t, n, filepath.Join(units, filepath.Base(n)))
	}
	var args []string
	for _, n := range []string{"easyday-run.timer", "easyday-run.service", "easyday-watch.service",
		"easyday-run@alice.timer", "easyday-run@alice.service", "easyday-watch@alice.service", "easyday-watch@bob.service"} {
		args = append(args, filepath.Join(units, n))
	}
	cmd := exec.Command(sa, append([]string{"verify", "--user"}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_RUNTIME_DIR="+runtime)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if strings.Contains(string(out), "Failed to initialize manager") {
			t.Skipf("systemd-analyze cannot run here: %s", out)
		}
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	// An unknown key is only a warning to systemd, and a setting lost.
	if strings.Contains(string(out), "Unknown key") {
		t.Errorf("systemd-analyze verify warns of an unknown key:\n%s", out)
	}
}
