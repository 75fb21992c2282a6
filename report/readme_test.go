package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"easyday"
)

// TestReadmeAdviceHeadlines: the README's advice table and the report use
// the same headline for each advice code, one headline per code, so a reader
// who looks a headline up finds it.
func TestReadmeAdviceHeadlines(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := map[easyday.AdviceCode]string{}
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		head, ok := strings.CutPrefix(strings.TrimSpace(cells[2]), "Today: ")
		if !ok {
			continue // another table with codes in its first column
		}
		code, err := easyday.ParseAdviceCode(strings.Trim(strings.TrimSpace(cells[1]), "`"))
		if err != nil {
			t.Errorf("README advice table: %v", err)
			continue
		}
		readme[code] = head
	}
	if len(readme) == 0 {
		t.Fatal("README.md has no advice table with a headline column")
	}
	seen := map[string]easyday.AdviceCode{}
	for code, head := range AdviceHeadlines {
		if readme[code] != head {
			t.Errorf("README headline of %s = %q, report's = %q", code, readme[code], head)
		}
		if other, dup := seen[head]; dup {
			t.Errorf("headline %q serves both %s and %s", head, other, code)
		}
		seen[head] = code
	}
	for code := range readme {
		if _, ok := AdviceHeadlines[code]; !ok {
			t.Errorf("README lists advice %s, which the report has no headline for", code)
		}
	}
}
