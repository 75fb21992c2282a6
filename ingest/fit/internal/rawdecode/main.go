// Command rawdecode is the benchmark's floor: it decodes every FIT file under
// the folders given (gunzipping .fit.gz) with github.com/muktihari/fit alone,
// counting record messages and doing nothing else, on one goroutine. By
// default it decodes the fastest way the library offers a program that only
// counts records: messages broadcast to a listener and never retained, the
// checksums ignored, straight from each file's bytes in memory. With
// -checksum it verifies every file's CRCs too, what a careful reader pays.
// easyday's ingest is measured against both (`make bench`).
//
//	go run ./ingest/fit/internal/rawdecode [-checksum] FOLDER...
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
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
	checksum := flag.Bool("checksum", false, "verify every file's CRCs")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: rawdecode [-checksum] FOLDER...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 1 {
		flag.Usage()
		os.Exit(2)
	}
	var files, size int
	c := &counter{}
	opts := []decoder.Option{decoder.WithMesgListener(c), decoder.WithBroadcastOnly()}
	if !*checksum {
		opts = append(opts, decoder.WithIgnoreChecksum())
	}
	dec := decoder.New(nil, opts...)
	br := bytes.NewReader(nil)
	var buf bytes.Buffer
	for _, root := range flag.Args() {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := read(path, &buf)
			if err != nil {
				return err
			}
			files++
			size += len(data)
			br.Reset(data)
			dec.Reset(br, opts...)
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

// read returns a file's content, gunzipped when its name ends in .gz, in
// buf's array (valid until the next call).
func read(path string, buf *bytes.Buffer) ([]byte, error) {
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
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return buf.Bytes(), nil
}
