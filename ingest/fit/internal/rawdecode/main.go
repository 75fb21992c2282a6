// Command rawdecode is the benchmark's floor: it decodes every FIT file under
// the folders given (gunzipping .fit.gz) with github.com/muktihari/fit alone,
// counting record messages and doing nothing else, on one goroutine. easyday's
// ingest is measured against it (`make bench`).
//
//	go run ./ingest/fit/internal/rawdecode FOLDER...
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// counter is a message listener that counts records.
type counter struct{ records int }

func (c *counter) OnMesg(m proto.Message) {
	if m.Num == mesgnum.Record {
		c.records++
	}
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: rawdecode FOLDER...")
		os.Exit(2)
	}
	var files, size int
	c := &counter{}
	dec := decoder.New(nil, decoder.WithMesgListener(c), decoder.WithBroadcastOnly())
	for _, root := range os.Args[1:] {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := read(path)
			if err != nil {
				return err
			}
			files++
			size += len(data)
			dec.Reset(bufio.NewReader(bytes.NewReader(data)), decoder.WithMesgListener(c), decoder.WithBroadcastOnly())
			for dec.Next() {
				if _, err := dec.Decode(); err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "rawdecode:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("%d files, %d bytes, %d records\n", files, size, c.records)
}

// read returns a file's content, gunzipped when its name ends in .gz.
func read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = z
	}
	return io.ReadAll(r)
}
