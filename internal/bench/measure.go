package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Run is one finished process: its wall time and its peak resident memory.
type Run struct {
	Wall    time.Duration
	PeakRSS int64 // bytes
}

// measure runs the command to its end and returns its wall time and peak
// RSS (the kernel's getrusage ru_maxrss of the child). A non-zero exit is an
// error that carries what the command printed on stderr.
func measure(env []string, name string, args ...string) (Run, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return Run{}, fmt.Errorf("%s %s: %w: %s", filepath.Base(name), strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return Run{Wall: wall, PeakRSS: peakRSS(cmd.ProcessState)}, nil
}

// peakRSS reads ru_maxrss, which Linux gives in KiB.
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}

// Stat is the median, minimum and maximum of several runs.
type Stat struct{ Median, Min, Max float64 }

func stat(xs []float64) Stat {
	if len(xs) == 0 {
		return Stat{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Stat{Median: m, Min: s[0], Max: s[len(s)-1]}
}

// watchLatency starts `easyday watch` on an empty inbox beside the history at
// cfg, drops n files into it one after another (written aside, then renamed
// into place) and returns, for each, the time from the rename to the
// watcher's "report written" log line, less the settle time.
func watchLatency(bin, cfg, inbox string, settle time.Duration, n int, today time.Time) ([]float64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(n)*(settle+10*time.Second)+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--config", cfg, "-v", "watch", "--log-format", "json", "--settle", settle.String())
	cmd.Stdout = io.Discard
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	wait := func(word string) error {
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return errors.New("watch ended early")
				}
				if strings.Contains(l, word) {
					return nil
				}
			case <-ctx.Done():
				return fmt.Errorf("watch: no %q line", word)
			}
		}
	}
	if err := wait(`"watching"`); err != nil {
		return nil, err
	}
	time.Sleep(300 * time.Millisecond) // let the start-up scan and report finish
	drain(lines)
	var out []float64
	for i := range n {
		aside := filepath.Join(filepath.Dir(inbox), fmt.Sprintf("drop-%d.fit", i))
		if err := Drop(aside, today, i); err != nil {
			return nil, err
		}
		t0 := time.Now()
		if err := os.Rename(aside, filepath.Join(inbox, filepath.Base(aside))); err != nil {
			return nil, err
		}
		if err := wait(`"report written"`); err != nil {
			return nil, err
		}
		out = append(out, float64(time.Since(t0)-settle)/float64(time.Millisecond))
		time.Sleep(200 * time.Millisecond)
		drain(lines)
	}
	return out, nil
}

func drain(c chan string) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
