package main

import "testing"

func TestOlderRules(t *testing.T) {
	tests := []struct {
		in   map[int]int
		want string
	}{
		{map[int]int{1: 1}, "1 activity by metrics version 1"},
		{map[int]int{2: 5, 1: 3}, "3 activities by metrics version 1, 5 activities by metrics version 2"},
	}
	for _, tt := range tests {
		if got := olderRules(tt.in); got != tt.want {
			t.Errorf("olderRules(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
