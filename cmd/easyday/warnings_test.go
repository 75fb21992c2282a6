package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestActivitiesJSONWarnings: `activities --json` shows each warning as an
// object with the code scripts can match on and the text people read.
func TestActivitiesJSONWarnings(t *testing.T) {
	e := newEnv(t, testConfig)
	e.mustRun(exitOK, "ingest", filepath.Join("..", "..", "testdata", "tcx", "zoneless-times.tcx"))
	var acts []struct {
		Warnings []map[string]string `json:"warnings"`
	}
	out := e.mustRun(exitOK, "activities", "--json")
	if err := json.Unmarshal([]byte(out), &acts); err != nil {
		t.Fatalf("activities --json is not JSON: %v\n%s", err, out)
	}
	if len(acts) != 1 || len(acts[0].Warnings) != 1 {
		t.Fatalf("activities --json = %s, want one activity with one warning", out)
	}
	w := acts[0].Warnings[0]
	if len(w) != 2 || w["code"] != "no_utc_offset" || w["text"] != "times carry no UTC offset; read as UTC" {
		t.Errorf("activities --json warning = %v, want {code: no_utc_offset, text: times carry no UTC offset; read as UTC}", w)
	}
}
