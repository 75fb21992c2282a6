package main

// One bad file never stops a run: files and folders that cannot be read,
// pipes, and a file gone since the inbox was listed. Permission bits stop
// no read by root, and CI runs as root, so there the commands run as an
// unprivileged user (uid 65534), for whom they do.

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"easyday"
	"easyday/history"
)

const nobody = 65534

// runPlain runs easyday as a user whom permission bits stop: in-process
// when the tests do not run as root, else the built binary as uid 65534 on
// a tree handed to that user.
func (e *env) runPlain(args ...string) (stdout, stderr string, code int) {
	e.t.Helper()
	if os.Geteuid() != 0 {
		return e.run(args...)
	}
	bin := binary(e.t)
	for _, d := range []string{filepath.Dir(bin), filepath.Dir(e.dir)} {
		if err := os.Chmod(d, 0o755); err != nil { // traversable by that user
			e.t.Fatal(err)
		}
	}
	err := filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, nobody, nobody)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"--config", e.config}, args...)...)
	cmd.Env = []string{"HOME=" + e.dir, "PATH=/usr/bin:/bin"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	code = 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			e.t.Fatalf("easyday %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

func (e *env) filesPlain() map[string]history.FileRecord {
	e.t.Helper()
	out, errs, code := e.runPlain("files", "--json")
	if code != 0 {
		e.t.Fatalf("files --json: exit %d\n%s", code, errs)
	}
	var files []history.FileRecord
	if err := json.Unmarshal([]byte(out), &files); err != nil {
		e.t.Fatal(err)
	}
	byName := map[string]history.FileRecord{}
	for _, f := range files {
		byName[filepath.Base(f.Path)] = f
	}
	return byName
}

func TestUnreadableFilesAndFoldersDoNotStopARun(t *testing.T) {
	e := newEnv(t, testConfig)
	inbox := filepath.Join(e.dir, "inbox")
	demo := filepath.Join("..", "..", "testdata", "demo")
	copyFile(t, filepath.Join(demo, "2026-10-01-run.fit"), filepath.Join(inbox, "a.fit"))
	copyFile(t, filepath.Join(demo, "2026-10-03-ride.fit"), filepath.Join(inbox, "locked.fit"))
	copyFile(t, filepath.Join(demo, "2026-10-04-run.fit"), filepath.Join(inbox, "sealed", "c.fit"))
	copyFile(t, filepath.Join(demo, "2026-10-06-run.fit"), filepath.Join(inbox, "z.fit"))
	if err := syscall.Mkfifo(filepath.Join(inbox, "pipe.fit"), 0o600); err != nil {
		t.Fatal(err)
	}
	locked, sealed := filepath.Join(inbox, "locked.fit"), filepath.Join(inbox, "sealed")
	os.Chmod(locked, 0)
	os.Chmod(sealed, 0)

	for _, cmd := range []string{"ingest", "run"} {
		_, errs, code := e.runPlain(cmd)
		if code != exitRejected {
			t.Fatalf("%s with an unreadable file and folder: exit %d, want %d\n%s", cmd, code, exitRejected, errs)
		}
		if !strings.Contains(errs, "sealed") || !strings.Contains(errs, "permission denied") {
			t.Errorf("%s: stderr does not name the unreadable folder:\n%s", cmd, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(e.dir, "reports", "latest.md")); err != nil {
		t.Errorf("run wrote no report: %v", err)
	}
	files := e.filesPlain()
	for name, want := range map[string]easyday.FileStatus{"a.fit": "ingested", "z.fit": "ingested", "locked.fit": "rejected", "pipe.fit": "skipped"} {
		if files[name].Status != want {
			t.Errorf("ledger %s = %q (%s), want %s", name, files[name].Status, files[name].Reason, want)
		}
	}
	if r := files["locked.fit"].Reason; !strings.Contains(r, "could not be read") {
		t.Errorf("locked.fit reason = %q, want 'could not be read'", r)
	}
	if r := files["pipe.fit"].Reason; !strings.Contains(r, "named pipe") {
		t.Errorf("pipe.fit reason = %q, want it to say it is a named pipe", r)
	}

	// Fixed permissions: both are read at the next run, not "seen before".
	os.Chmod(locked, 0o600)
	os.Chmod(sealed, 0o700)
	if _, errs, code := e.runPlain("ingest"); code != 0 {
		t.Fatalf("ingest after fixing permissions: exit %d\n%s", code, errs)
	}
	files = e.filesPlain()
	for _, name := range []string{"locked.fit", "c.fit"} {
		if files[name].Status != "ingested" {
			t.Errorf("after fixing permissions, %s = %q (%s), want ingested", name, files[name].Status, files[name].Reason)
		}
	}
}

// A named pipe given by name is skipped at once: opening it would wait for
// a writer for ever.
func TestIngestNamedPipe(t *testing.T) {
	e := newEnv(t, testConfig)
	pipe := filepath.Join(e.dir, "pipe.fit")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() {
		_, _, code := e.run("ingest", pipe)
		done <- code
	}()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("ingest pipe.fit: exit %d, want 0 (skipped)", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ingest pipe.fit blocked")
	}
	if f := e.files(); len(f) != 1 || f[0].Status != "skipped" {
		t.Errorf("ledger = %+v, want pipe.fit skipped", f)
	}
}

// A path given that does not exist is reported and the others are read.
func TestIngestMissingPathGoesOn(t *testing.T) {
	e := newEnv(t, testConfig)
	good := filepath.Join("..", "..", "testdata", "demo", "2026-10-01-run.fit")
	_, errs, code := e.run("ingest", filepath.Join(e.dir, "nope.fit"), good)
	if code != exitRejected || !strings.Contains(errs, "nope.fit") {
		t.Errorf("ingest nope.fit good.fit: exit %d, want %d naming nope.fit\n%s", code, exitRejected, errs)
	}
	if acts := e.activities(); len(acts) != 1 {
		t.Errorf("activities = %d, want 1", len(acts))
	}
}
