// Package freelist keeps a few large arrays for reuse from one file to the
// next. Unlike a sync.Pool it holds at most a fixed number, whatever the
// balance of gets and puts, so that reuse never makes a run hold more than
// a few arrays beyond what it uses.
package freelist

// List holds up to its size of arrays of T. It is safe for concurrent use.
type List[T any] struct {
	free chan []T
}

// New returns a list holding at most n arrays.
func New[T any](n int) *List[T] {
	return &List[T]{free: make(chan []T, n)}
}

// Get returns an empty array with room for at least n from the list, or
// nil when it holds none that large (those too small are dropped).
func (l *List[T]) Get(n int) []T {
	for {
		select {
		case s := <-l.free:
			if cap(s) >= n {
				return s[:0]
			}
		default:
			return nil
		}
	}
}

// Put gives s back for a later Get, once nothing reads it; when the list is
// full, s is left to the collector.
func (l *List[T]) Put(s []T) {
	if cap(s) == 0 {
		return
	}
	select {
	case l.free <- s[:0]:
	default:
	}
}
