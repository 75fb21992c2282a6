package main

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
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
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		switch {
		case done == 0:
			if total < 2 {
				return
			}
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription("ingesting"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionThrottle(100e6),
			)
		case bar != nil:
			_ = bar.Add(1)
			if done == total {
				_ = bar.Finish()
			}
		}
	}
}
