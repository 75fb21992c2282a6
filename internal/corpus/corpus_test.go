package corpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// fakeTB records how a helper ended a test; Skipf and Fatalf stop the
// goroutine, as testing's do.
type fakeTB struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Skipf(string, ...any)  { f.skipped = true; runtime.Goexit() }
func (f *fakeTB) Fatalf(string, ...any) { f.failed = true; runtime.Goexit() }
func (f *fakeTB) Fatal(...any)          { f.failed = true; runtime.Goexit() }

// outcome runs fn on a fake test in its own goroutine and says how it ended.
func outcome(fn func(tb testing.TB)) (skipped, failed bool) {
	f := &fakeTB{}
	done := make(chan struct{})
	go func() { defer close(done); fn(f) }()
	<-done
	return f.skipped, f.failed
}

func TestAbsentSkipsOrFailsInCI(t *testing.T) {
	const missing = "no-such-folder-in-the-corpus/x.fit"
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		for name, fn := range map[string]func(testing.TB){
			"Path":     func(tb testing.TB) { Path(tb, missing) },
			"ReadFile": func(tb testing.TB) { ReadFile(tb, missing) },
		} {
			skipped, failed := outcome(fn)
			if want := ci == ""; skipped != want || failed == want {
				t.Errorf("%s(absent) with CI=%q: skipped %v, failed %v; want skipped %v, failed %v", name, ci, skipped, failed, want, !want)
			}
		}
	}
}

func TestRootIsBesideTheModule(t *testing.T) {
	root, err := filepath.Abs(Root())
	if err != nil {
		t.Fatal(err)
	}
	module, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(module, "go.mod")); err != nil {
		t.Fatalf("module root %s has no go.mod: %v", module, err)
	}
	if want := filepath.Join(filepath.Dir(module), "shared", "corpus"); root != want {
		t.Errorf("Root() = %s, want %s", root, want)
	}
}
