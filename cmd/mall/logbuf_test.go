package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestLogBufferWritesEverythingByClose: lines are held back to be written
// in batches, and Close writes whatever is still held.
func TestLogBufferWritesEverythingByClose(t *testing.T) {
	var out bytes.Buffer
	b := newLogBuffer(&out)
	for range 1000 {
		if _, err := b.Write([]byte("level=INFO msg=request\n")); err != nil {
			t.Fatal(err)
		}
	}
	b.Close()
	if n := strings.Count(out.String(), "msg=request"); n != 1000 {
		t.Errorf("%d lines written, want 1000", n)
	}
}
