package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestContentBuffersReused checks that the members of an archive, read one
// after another into the same reused buffer, each show exactly their own
// content: a long member first leaves nothing behind in a short one's.
func TestContentBuffersReused(t *testing.T) {
	members := map[string][]byte{}
	for i, n := range []int{300 << 10, 20, 5000, 1, 300<<10 + 7} {
		b := bytes.Repeat([]byte{byte('a' + i)}, n)
		copy(b, fitHead)
		members[fmt.Sprintf("m%d.fit", i)] = b
	}
	path := filepath.Join(t.TempDir(), "export.zip")
	if err := os.WriteFile(path, zipOf(t, members), 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second time, every buffer comes from the list
		seen := 0
		err := Open(context.Background(), path, func(it Item) error {
			name := filepath.Base(it.Path)
			got, err := it.Content()
			if err != nil {
				return err
			}
			if !bytes.Equal(got, members[name]) {
				t.Errorf("%s: content of %d bytes differs from the member's %d", name, len(got), len(members[name]))
			}
			seen++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if seen != len(members) {
			t.Fatalf("saw %d members, want %d", seen, len(members))
		}
	}
}
