package sshserver

import (
	"bytes"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/tui"
)

// sessionTheme is the shared theme of the session's terminal: its colour
// profile from TERM (and COLORTERM, NO_COLOR… if the client sent them), its
// background from the terminal's answer to OSC 11 (dark when it does not
// answer before the deadline). Unlike wish's MakeRenderer it keeps nothing
// per session: the question is parsed here in a few hundred bytes, and the
// keys typed meanwhile go back to the input for the cashier.
func sessionTheme(sess ssh.Session, in *input, deadline time.Time) *tui.Theme {
	pty, _, _ := sess.Pty()
	if pty.Term == "" || pty.Term == "dumb" {
		return tui.ThemeFor(termenv.Ascii, true)
	}
	env := append(sess.Environ(), "TERM="+pty.Term)
	p := termenv.NewOutput(io.Discard, termenv.WithEnvironment(environ(env)), termenv.WithUnsafe()).EnvColorProfile()
	if p == termenv.Ascii {
		return tui.ThemeFor(p, true)
	}
	return tui.ThemeFor(p, askDark(sess, in, deadline))
}

type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}

// askDark asks the terminal its background colour (OSC 11, then DA1, which
// every terminal answers, to know when to stop) and reports whether it is
// dark. Bytes that are not part of the answers are given back to in.
func askDark(w io.Writer, in *input, deadline time.Time) bool {
	if _, err := io.WriteString(w, ansi.RequestBackgroundColor+ansi.RequestPrimaryDeviceAttributes); err != nil {
		return true
	}
	in.setDeadline(deadline)
	defer in.setDeadline(time.Time{})
	var got []byte
	buf := make([]byte, 256)
	for len(got) < 1024 {
		n, err := in.Read(buf)
		got = append(got, buf[:n]...)
		if da1End(got) >= 0 || err != nil {
			break
		}
	}
	dark := true
	rest := got
	if i := bytes.Index(rest, []byte("\x1b]11;")); i >= 0 {
		body := rest[i+5:]
		end, term := -1, 0
		if j := bytes.IndexByte(body, 0x07); j >= 0 {
			end, term = j, 1
		}
		if j := bytes.Index(body, []byte("\x1b\\")); j >= 0 && (end < 0 || j < end) {
			end, term = j, 2
		}
		if end >= 0 {
			if d, ok := darkColor(string(body[:end])); ok {
				dark = d
			}
			rest = append(append([]byte(nil), rest[:i]...), body[end+term:]...)
		}
	}
	if i := bytes.Index(rest, []byte("\x1b[?")); i >= 0 {
		if e := da1End(rest[i:]); e >= 0 {
			rest = append(append([]byte(nil), rest[:i]...), rest[i+e+1:]...)
		}
	}
	in.unread(rest)
	return dark
}

// da1End is the index of the "c" ending a DA1 answer (ESC [ ? digits ; … c)
// in b, or -1.
func da1End(b []byte) int {
	i := bytes.Index(b, []byte("\x1b[?"))
	if i < 0 {
		return -1
	}
	for j := i + 3; j < len(b); j++ {
		switch c := b[j]; {
		case c == 'c':
			return j
		case c == ';' || c >= '0' && c <= '9':
		default:
			return -1
		}
	}
	return -1
}

// darkColor reads "rgb:RRRR/GGGG/BBBB" (1 to 4 hex digits each) and reports
// whether its lightness is below one half.
func darkColor(s string) (dark, ok bool) {
	s, found := strings.CutPrefix(s, "rgb:")
	parts := strings.Split(s, "/")
	if !found || len(parts) != 3 {
		return false, false
	}
	var v [3]float64
	for i, p := range parts {
		if len(p) == 0 || len(p) > 4 {
			return false, false
		}
		n, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		v[i] = float64(n) / float64(uint64(1)<<(4*len(p))-1)
	}
	hi, lo := max(v[0], v[1], v[2]), min(v[0], v[1], v[2])
	return (hi+lo)/2 < 0.5, true
}

// frameWriter draws a session's frames on its terminal. It sleeps until a
// frame differs from the one on screen, then writes only the lines that
// changed, in one write. The frames it is handed are already paced (the
// session draws at most a small burst at once, then frameRate a second:
// pacer); frames handed to it while it writes collapse into the latest.
// An idle session costs no timer, no goroutine wake-up and no byte. It
// replaces Bubble Tea's renderer, which ticks 60 times a second in every
// session whether anything changed or not.
type frameWriter struct {
	out  io.Writer
	wake chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once

	mu      sync.Mutex
	frame   string
	w, h    int
	repaint bool

	writes atomic.Uint64 // frames written

	// The writer goroutine's own: what the terminal shows (the frame and
	// its lines), the slice the next frame's lines are cut into, and the
	// bytes of the last write (reused: Write is done with them when it
	// returns).
	last  string
	lines []string
	spare []string
	buf   bytes.Buffer
}

func newFrameWriter(out io.Writer, w, h int) *frameWriter {
	w, h = tui.ClampSize(w, h)
	f := &frameWriter{out: out, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}), w: w, h: h, repaint: true}
	go f.run()
	return f
}

// set hands the writer the latest frame (it never blocks: an older frame
// not yet written is dropped).
func (f *frameWriter) set(frame string) {
	f.mu.Lock()
	same := frame == f.frame // the model's cached frame: the same string, compared in O(1)
	f.frame = frame
	f.mu.Unlock()
	if !same {
		f.poke()
	}
}

// resize says the terminal is now w×h: the next frame is drawn whole.
func (f *frameWriter) resize(w, h int) {
	f.mu.Lock()
	f.w, f.h, f.repaint = w, h, true
	f.mu.Unlock()
	f.poke()
}

func (f *frameWriter) poke() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// close stops the writer and gives the terminal back (main screen, cursor
// shown); it returns once nothing more will be written.
func (f *frameWriter) close() {
	f.once.Do(func() { close(f.stop) })
	<-f.done
}

const (
	termEnter = ansi.SetAltScreenSaveCursorMode + ansi.HideCursor + ansi.SetBracketedPasteMode + ansi.EraseEntireScreen + ansi.CursorHomePosition
	termLeave = ansi.ResetBracketedPasteMode + ansi.ShowCursor + ansi.ResetAltScreenSaveCursorMode
)

func (f *frameWriter) run() {
	defer close(f.done)
	if _, err := io.WriteString(f.out, termEnter); err != nil {
		return
	}
	for {
		select {
		case <-f.stop:
			io.WriteString(f.out, termLeave)
			return
		case <-f.wake:
		}
		f.mu.Lock()
		frame, w, h, repaint := f.frame, f.w, f.h, f.repaint
		f.repaint = false
		f.mu.Unlock()
		if frame == f.last && !repaint {
			continue
		}
		b := f.diff(frame, w, h, repaint)
		if len(b) == 0 {
			continue // it differs only below the terminal's last row
		}
		if _, err := f.out.Write(b); err != nil {
			return
		}
		f.writes.Add(1)
	}
}

// diff is what turns the screen from f.lines into frame: each changed line
// at its place (cleared after its end), lines no longer there cleared; the
// whole frame after a resize. It allocates nothing once its buffers have
// grown to a frame's size: the lines are cut from frame into a slice kept
// from the frame before last, the cursor positions written in place.
func (f *frameWriter) diff(frame string, w, h int, repaint bool) []byte {
	prev := f.lines
	lines := f.spare[:0]
	for rest := frame; len(lines) < h; { // strings.Split(frame, "\n")[:h]
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			lines = append(lines, rest)
			break
		}
		lines = append(lines, rest[:i])
		rest = rest[i+1:]
	}
	b := &f.buf
	b.Reset()
	old := prev
	if repaint {
		b.WriteString(ansi.EraseEntireScreen)
		old = nil
	}
	for i, l := range lines {
		if i < len(old) && old[i] == l {
			continue
		}
		writeRow(b, i+1)
		// Never past the edge: a line wider than the terminal (the frame
		// drawn for its size before a resize, written once with the
		// repaint) would wrap onto the next row, and on the last row
		// scroll the screen, leaving every line the next frame does not
		// change one row too high.
		switch lw := components.Width(l); {
		case lw > w:
			b.WriteString(ansi.Truncate(l, w, ""))
		case lw < w:
			b.WriteString(l)
			b.WriteString(ansi.EraseLineRight)
		default:
			b.WriteString(l)
		}
	}
	for i := len(lines); i < len(old); i++ {
		writeRow(b, i+1)
		b.WriteString(ansi.EraseLineRight)
	}
	clear(prev) // no older frame kept alive by the spare slice
	f.last, f.lines, f.spare = frame, lines, prev[:0]
	return b.Bytes()
}

// writeRow writes the cursor's move to the first column of row (1-based):
// the bytes of ansi.CursorPosition(1, row), without making a string.
func writeRow(b *bytes.Buffer, row int) {
	if row <= 1 {
		b.WriteString(ansi.CursorHomePosition)
		return
	}
	var num [20]byte
	b.WriteString("\x1b[")
	b.Write(strconv.AppendInt(num[:0], int64(row), 10))
	b.WriteString(";1H")
}

// sessionFrameWriter is the frame writer of an SSH session of w×h.
func sessionFrameWriter(s ssh.Session, w, h int) *frameWriter {
	return newFrameWriter(frameOutput(s), w, h)
}

// frameOutput is where a session's frames go: straight to its SSH channel.
// A session with a PTY (emulated: there is no real one here) writes through
// charmbracelet/ssh's ptyWriter, which turns "\n" into "\r\n" by copying
// every write twice (bytes.Replace, even with nothing to replace); a
// frame's bytes hold no "\n" (the writer moves the cursor instead), so
// the channel gets the very same bytes without the copies. Anything with a
// "\n" still goes through the session.
func frameOutput(s ssh.Session) io.Writer {
	if ch := channelOf(s); ch != nil {
		return channelWriter{ch: ch, pty: s}
	}
	return s
}

// channelOf is the SSH channel under a charmbracelet/ssh session (its
// embedded gossh.Channel), or nil when s is not one.
func channelOf(s ssh.Session) gossh.Channel {
	v := reflect.ValueOf(s)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("Channel")
	if !f.IsValid() || !f.CanInterface() || f.Kind() != reflect.Interface || f.IsNil() {
		return nil
	}
	ch, _ := f.Interface().(gossh.Channel)
	return ch
}

// channelWriter writes to the channel what needs no newline conversion,
// the rest through the session.
type channelWriter struct {
	ch  io.Writer
	pty io.Writer
}

func (w channelWriter) Write(p []byte) (int, error) {
	if bytes.IndexByte(p, '\n') < 0 {
		return w.ch.Write(p)
	}
	return w.pty.Write(p)
}
