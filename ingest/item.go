package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
)

// Item is one file's decompressed content, ready to decode. The content is
// read once to size and hash it; Content reads it again (or hands over the
// copy kept from the first read, for the small files that most are), so a
// large file is never held twice and a bomb is never held at all.
type Item struct {
	Path   string // file path; archive members as "outer.zip!/member.fit"
	Kind   Kind   // FIT, TCX, GPX or Unknown (never an archive)
	Size   int64  // bytes of decompressed content
	SHA256 string // hex SHA-256 of the decompressed content; "" when Err is set
	Err    error  // the file could not be read or unpacked; errors.Is(Err, ErrUnreadable) when trying again may help

	head   []byte                        // the first bytes of the content (up to sniffLen), what Kind was told from
	data   []byte                        // the content, when small enough to keep from the first read
	reopen func() (io.ReadCloser, error) // the content again from its start
}

// Content returns the item's content in one buffer of exactly its size. When
// the content was too large to keep from the first read it is read again and
// checked against the size and hash taken then: content that changed in
// between (a file still being written) is ErrUnreadable, to be tried again.
// Like the item, it is good only while Open's fn runs.
func (it Item) Content() ([]byte, error) {
	if it.Err != nil {
		return nil, it.Err
	}
	if it.data != nil {
		return it.data, nil
	}
	if it.reopen == nil {
		return nil, errors.New("no content")
	}
	r, err := it.reopen()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	buf := make([]byte, it.Size) // Size was counted by reading, never taken from a header
	n, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	if err == nil {
		var one [1]byte
		if more, _ := r.Read(one[:]); more > 0 {
			n++ // one byte past the size is enough to tell it grew
		}
	}
	sum := sha256.Sum256(buf)
	if err := it.reread(int64(n), hex.EncodeToString(sum[:])); err != nil {
		return nil, err
	}
	return buf, nil
}

// reread checks content read a second time, n bytes whose hex SHA-256 is
// sha, against the size and hash of the first read: content that changed in
// between (a file still being written) is ErrUnreadable, to be tried again.
func (it Item) reread(n int64, sha string) error {
	switch {
	case n < it.Size:
		return fmt.Errorf("%w: it shrank while being read", ErrUnreadable)
	case n > it.Size:
		return fmt.Errorf("%w: it grew while being read (still being copied?)", ErrUnreadable)
	case sha != it.SHA256:
		return fmt.Errorf("%w: it changed while being read (still being copied?)", ErrUnreadable)
	}
	return nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// HasPrefix reports whether the item's content starts with the n bytes
// whose hex SHA-256 is sha: the content of a file that has grown since.
func (it Item) HasPrefix(n int64, sha string) (bool, error) {
	if it.Err != nil || n > it.Size || n < 0 {
		return false, it.Err
	}
	h := sha256.New()
	if it.data != nil {
		h.Write(it.data[:n])
	} else {
		r, err := it.reopen()
		if err != nil {
			return false, err
		}
		defer r.Close()
		if _, err := io.CopyN(h, r, n); err != nil {
			return false, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)) == sha, nil
}
