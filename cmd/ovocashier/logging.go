package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/ovocashier/ovocashier/internal/logx"
)

// openLog opens the log of the cashier screen and the commands: set.LogFile
// ($XDG_STATE_HOME/ovocashier/ovocashier.log by default), rotated at
// logx.DefaultMaxBytes with logx.DefaultKeep old files. The log used to be
// beside the ledger: when the default place has no log yet and the old one
// exists, it is moved over once (or, on another file system, named in the
// new log's first line).
func openLog(set *settings) (io.WriteCloser, error) {
	path := set.LogFile
	var note string
	if set.sources["log"].kind == "default" {
		note = moveOldLog(filepath.Join(set.dataDir(), "ovocashier.log"), path)
	}
	w, err := logx.OpenRotating(path, logx.DefaultMaxBytes, logx.DefaultKeep)
	if err != nil {
		return nil, err
	}
	if note != "" {
		newLogger(w, set).Info(note)
	}
	return w, nil
}

// moveOldLog moves the log from its old place beside the ledger to path,
// once: only when path does not exist yet. It returns what the new log
// should say about it ("" for nothing).
func moveOldLog(old, path string) string {
	if old == path {
		return ""
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	if _, err := os.Stat(old); err != nil {
		return ""
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Sprintf("the earlier log is still at %s (%v)", old, err)
	}
	if err := os.Rename(old, path); err != nil {
		return fmt.Sprintf("the earlier log is still at %s (%v)", old, err)
	}
	return fmt.Sprintf("log moved here from %s (the XDG state directory)", old)
}

// newLogger is the process's logger on w: --log-format, times in --tz,
// phone numbers masked.
func newLogger(w io.Writer, set *settings) *slog.Logger {
	return slog.New(logx.NewHandler(w, set.LogFormat, set.Location))
}

// openLogOr is openLog that never fails: when the log cannot be written (a
// read-only file system, a full disk, a permission) it warns on stderr and
// returns fallback instead — stderr for a command, io.Discard for the screen,
// which owns the terminal — so read-only work goes on.
func openLogOr(name string, set *settings, stderr, fallback io.Writer) io.WriteCloser {
	w, err := openLog(set)
	if err == nil {
		return w
	}
	where := "stderr"
	if fallback == io.Discard {
		where = "nowhere (the screen owns the terminal)"
	}
	fmt.Fprintf(stderr, "%s: warning: the log file cannot be written (%v); logging to %s\n", name, err, where)
	return nopWriteCloser{fallback}
}

// nopWriteCloser is a writer whose Close does nothing.
type nopWriteCloser struct{ io.Writer }

// Close does nothing.
func (nopWriteCloser) Close() error { return nil }
