package logx

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMaskPhones(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"081234567890", "0812****7890"},
		{"phone=081234567890 amount=20000", "phone=0812****7890 amount=20000"},
		{"+6281234567890", "+628******7890"},
		{"6281234567890,081298765432", "6281*****7890,0812****5432"},
		{`{"customerNumber":"081234567890"}`, `{"customerNumber":"0812****7890"}`},
		{"0812345", "0812345"},                                       // too short to be a number
		{"ref=2026112308123456789012", "ref=2026112308123456789012"}, // inside a longer run of digits
		{"R081234567890", "R081234567890"},                           // part of a word
		{"0812345678901234", "0812345678901234"},                     // too long
		{"--phone 0812-3456-7890", "--phone 0812****7890"},           // as typed, with dashes
		{"phone=+62 812 3456 7890.", "phone=+628******7890."},        // as pasted, with spaces
		{"081234567890 50000", "0812****7890 50000"},                 // a number after it stays
		{"no number here", "no number here"},
	} {
		if got := MaskPhones(tc.in); got != tc.want {
			t.Errorf("MaskPhones(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

func TestHandlerMasksAndUsesTheOutletsZone(t *testing.T) {
	makassar, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{FormatText, FormatJSON} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(NewHandler(&buf, format, makassar))
			log.With("component", "test").Info("top up to 081234567890 sending", "phone", "081234567890",
				"err", errors.New("OVO refused 081298765432"), "who", stringer{"+6281100000404"},
				slog.Group("g", "n", "081100000202"), "ref", "2026112300000000000001", "at", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			first := buf.String()
			log.Info("command", "command", []string{"topup", "--phone", "081300000101", "--amount", "20000"},
				"args", struct{ Phone string }{"0812-0000-0303"})
			out := buf.String()
			for _, full := range []string{"081234567890", "081298765432", "6281100000404", "081100000202", "081300000101", "0812-0000-0303"} {
				if strings.Contains(out, full) {
					t.Errorf("the log shows %s in full:\n%s", full, out)
				}
			}
			for _, want := range []string{"0812****7890", "0812****5432", "+628******0404", "0811****0202", "0813****0101", "0812****0303", "2026112300000000000001", "+08:00", "2026-01-02T11:04:05"} {
				if !strings.Contains(out, want) {
					t.Errorf("the log lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "Z ") || strings.Contains(out, `Z"`) {
				t.Errorf("a UTC time in the log:\n%s", out)
			}
			if format == FormatJSON {
				var m map[string]any
				if err := json.Unmarshal([]byte(first), &m); err != nil {
					t.Fatalf("not one JSON object: %v\n%s", err, first)
				}
				if m["msg"] != "top up to 0812****7890 sending" || m["level"] != "INFO" {
					t.Errorf("JSON %v", m)
				}
				ts, err := time.Parse(time.RFC3339Nano, m["time"].(string))
				if err != nil {
					t.Fatal(err)
				}
				if _, off := ts.Zone(); off != 8*3600 {
					t.Errorf("time %s is not at +08:00", m["time"])
				}
			}
		})
	}
}

// lines reads every file of the rotated log, oldest first.
func lines(t *testing.T, path string, keep int) (all []string, sizes []int64) {
	t.Helper()
	for i := keep + 2; i >= 0; i-- {
		p := path
		if i > 0 {
			p = fmt.Sprintf("%s.%d", path, i)
		}
		f, err := os.Open(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if i > keep {
			t.Errorf("%s exists: more than %d old files", p, keep)
		}
		fi, _ := f.Stat()
		sizes = append(sizes, fi.Size())
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			all = append(all, sc.Text())
		}
		f.Close()
	}
	return all, sizes
}

func TestRotatingFileBoundsSizeAndFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "ovocashier.log")
	const maxBytes, keep = 200, 3
	r, err := OpenRotating(path, maxBytes, keep)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		fmt.Fprintf(r, "line %03d %s\n", i, strings.Repeat("x", 20)) // 30 bytes
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	got, sizes := lines(t, path, keep)
	for _, s := range sizes {
		if s > maxBytes {
			t.Errorf("a file of %d bytes, more than %d", s, maxBytes)
		}
	}
	if len(sizes) != keep+1 {
		t.Errorf("%d files, want %d", len(sizes), keep+1)
	}
	// The newest lines are all there, in order, none cut.
	if len(got) == 0 || got[len(got)-1] != "line 099 "+strings.Repeat("x", 20) {
		t.Fatalf("last line %q", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1] >= got[i] || len(got[i]) != 29 {
			t.Fatalf("lines out of order or cut: %q then %q", got[i-1], got[i])
		}
	}
	if len(got) < (keep+1)*(maxBytes/30)-keep {
		t.Errorf("only %d lines kept", len(got))
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("log mode %v, %v", fi.Mode().Perm(), err)
	}
	if _, err := r.Write([]byte("after close\n")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
}

func TestRotatingFileConcurrentWritersKeepLinesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ovocashier.log")
	r, err := OpenRotating(path, 4096, 50)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(NewHandler(r, FormatJSON, nil))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				log.Info("event", "g", g, "i", i)
			}
		}()
	}
	wg.Wait()
	r.Close()
	got, _ := lines(t, path, 50)
	if len(got) != 800 {
		t.Fatalf("%d lines, want 800", len(got))
	}
	for _, l := range got {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("a line cut or mixed: %q", l)
		}
	}
}

// twoWriters opens one log of 100-byte files twice, as two processes would.
func twoWriters(t *testing.T) (path string, a, b *RotatingFile) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "ovocashier.log")
	for _, w := range []**RotatingFile{&a, &b} {
		f, err := OpenRotating(path, 100, 5)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		*w = f
	}
	return path, a, b
}

// Two processes on one log: when one has rotated, the other follows to the
// new file instead of rotating again (which would push the first one's
// fresh file out).
func TestRotatingFileFollowsAnotherRotation(t *testing.T) {
	path, a, b := twoWriters(t)
	a.Write([]byte(strings.Repeat("a", 60) + "\n"))
	b.Write([]byte(strings.Repeat("b", 30) + "\n")) // 92 bytes in the file; b counts 91+
	a.Write([]byte(strings.Repeat("A", 60) + "\n")) // a rotates: log.1 = a+b, log = A
	b.Write([]byte(strings.Repeat("B", 20) + "\n")) // b sees log changed: follows, no rotation
	if _, err := os.Stat(path + ".2"); err == nil {
		t.Fatal("rotated twice")
	}
	cur, _ := os.ReadFile(path)
	if want := strings.Repeat("A", 60) + "\n" + strings.Repeat("B", 20) + "\n"; string(cur) != want {
		t.Fatalf("current log %q", cur)
	}
}

// Two processes writing one log (two cashier screens on two ledgers share
// the default log) still keep each file within its size: each counts the
// other's lines too, not only its own.
func TestRotatingFileCountsTheOtherWritersLines(t *testing.T) {
	path, a, b := twoWriters(t)
	for i := 0; i < 20; i++ {
		a.Write([]byte(strings.Repeat("a", 30) + "\n"))
		b.Write([]byte(strings.Repeat("b", 30) + "\n"))
	}
	for i := 0; i <= 5; i++ {
		p := path
		if i > 0 {
			p = fmt.Sprintf("%s.%d", path, i)
		}
		if fi, err := os.Stat(p); err == nil && fi.Size() > 100 {
			t.Errorf("%s has %d bytes, more than 100", p, fi.Size())
		}
	}
}
