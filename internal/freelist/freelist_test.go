package freelist

import "testing"

func TestList(t *testing.T) {
	l := New[int](2)
	if s := l.Get(1); s != nil {
		t.Fatalf("empty list gave %d ints of room", cap(s))
	}
	a, b, c := make([]int, 3, 10), make([]int, 0, 100), make([]int, 0, 1000)
	l.Put(a)
	l.Put(b)
	l.Put(c) // full: dropped
	s := l.Get(50)
	if cap(s) != 100 || len(s) != 0 {
		t.Fatalf("Get(50) = len %d cap %d, want the array of 100, empty", len(s), cap(s))
	}
	if s := l.Get(500); s != nil {
		t.Fatalf("Get(500) = cap %d, want nil: the array of 1000 was dropped when the list was full", cap(s))
	}
	if s := l.Get(1); s != nil {
		t.Fatalf("Get(1) = cap %d after the list was emptied", cap(s))
	}
	l.Put(nil)
	if s := l.Get(0); s != nil {
		t.Fatal("a nil array was kept")
	}
}
