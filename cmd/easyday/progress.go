package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"easyday/history"
	"easyday/internal/config"
	"easyday/internal/pipeline"
)

// newPipeline is the pipeline of one command run, configured from c.
func newPipeline(st *history.Store, c *config.Config, a *app) *pipeline.Pipeline {
	return pipeline.New(st, pipelineConfig(c, a))
}

// pipelineConfig is what a pipeline needs of the configuration and the app.
func pipelineConfig(c *config.Config, a *app) pipeline.Config {
	return pipeline.Config{Profile: c.Profile, Database: c.Database, Reports: c.Reports, Log: a.log, Now: a.now}
}

// progressBar shows a progress bar on w when it is a terminal (never in cron
// or under a supervisor, where it would only fill the log); nil otherwise.
func progressBar(w io.Writer) pipeline.Progress {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return newBar(w, time.Now)
}

// barEvery is how often the bar is redrawn at most; barWidth is its width
// in characters between the brackets.
const (
	barEvery = 100 * time.Millisecond
	barWidth = 30
)

// newBar is the progress bar progressBar draws, on any writer:
//
//	ingesting  412/1000 [============>                 ]  41%, about 2s left
//
// redrawn in place at most every barEvery (the time left once a second
// has passed, while it is a second or more), and cleared when the last
// file is done, so that the summary line follows on a clean line. A run
// of fewer than two files shows none.
func newBar(w io.Writer, now func() time.Time) pipeline.Progress {
	var start, drawn time.Time
	on, wide := false, 0
	return func(done, total int) {
		switch {
		case done == 0:
			on = total >= 2
			start = now()
			return
		case !on:
			return
		case done >= total:
			fmt.Fprintf(w, "\r%s\r", strings.Repeat(" ", wide))
			on = false
			return
		}
		t := now()
		if t.Sub(drawn) < barEvery {
			return
		}
		drawn = t
		filled := barWidth * done / total
		arrow := strings.Repeat("=", filled)
		if filled < barWidth {
			arrow += ">"
		}
		line := fmt.Sprintf("ingesting %*d/%d [%-*s] %3d%%", len(strconv.Itoa(total)), done, total, barWidth, arrow, 100*done/total)
		if elapsed := t.Sub(start); elapsed >= time.Second {
			left := time.Duration(float64(elapsed) * float64(total-done) / float64(done)).Round(time.Second)
			if left > 0 {
				line += fmt.Sprintf(", about %s left", left)
			}
		}
		pad := max(0, wide-len(line)) // a shorter line wipes the end of the last
		wide = max(wide, len(line))
		fmt.Fprintf(w, "\r%s%s", line, strings.Repeat(" ", pad))
	}
}
