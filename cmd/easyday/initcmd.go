package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"easyday/internal/config"
)

// runInit is 'easyday init': write a commented template, never over one.
func runInit(ctx context.Context, a *app, args []string) error {
	fset := flag.NewFlagSet("init", flag.ContinueOnError)
	if err := a.parseNoArgs(fset, args); err != nil {
		return err
	}
	path := config.Path(a.configFlag, a.getenv)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create config folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return usagef("%s exists already; easyday init never overwrites a configuration (edit it, or remove it first)", path)
	}
	if err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	if _, err := f.WriteString(config.Template); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write config: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("write config: %w", err)
	}
	fmt.Fprintf(a.stdout, "wrote %s\nFill in the lines marked FILL IN: timezone, your sex, resting and maximum heart rate,\nand your run and bike lactate-threshold heart rates (and FTP if you ride with power).\nThen drop FIT or TCX files into the inbox (%s unless you set inbox)\nand run 'easyday ingest'.\n",
		path, filepath.Join(config.DataDir(a.getenv), "inbox"))
	return nil
}
