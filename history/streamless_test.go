package history

import (
	"context"
	"testing"

	"easyday"
)

func TestStreamless(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	acts := []easyday.Activity{activity(easyday.Running, t0, 1800), activity(easyday.Cycling, t0.Add(3*3600e9), 3600)}
	if _, err := s.Commit(ctx, FileRecord{Path: "a.fit", SHA256: "a", Status: easyday.StatusIngested}, acts); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Streamless(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Streamless() = %v, %v; want none", got, err)
	}
	if _, err := s.db.Exec(`DELETE FROM streams WHERE activity_id = ?`, acts[1].ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.Streamless(ctx)
	if err != nil || len(got) != 1 || !got[acts[1].ID] {
		t.Errorf("Streamless() = %v, %v; want {%d}", got, err, acts[1].ID)
	}
}
