package sshserver

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/tui"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// The cost of a frame and of a keystroke on the server, counted (never
// timed: the machine is shared): allocations, bytes allocated, write
// system calls and SSH packets per frame. The frames are a real top up's,
// recorded once from the cashier model over SSH (benchFrames).
//
//	go test -run '^$' -bench 'Frame|KeyFrame' -benchmem -count 5 ./tui/sshserver/
//
// allocs/op and B/op count the whole process: the benchmark's own SSH
// client (x/crypto: it decrypts and buffers every packet) is in them, the
// same before and after a change of the server.

// wireCount counts what the server writes on its connections: write calls
// (one system call each), bytes, and, once armed at a quiet moment (a
// packet boundary), SSH packets — parsed from the AES-GCM framing, whose
// 4-byte length is sent in clear (the benchmark's client asks for
// aes128-gcm only).
type wireCount struct {
	mu                     sync.Mutex
	writes, bytes, packets uint64
	armed                  bool
	need                   int // bytes left of the current packet
	lenBuf                 [4]byte
	lenN                   int
}

func (w *wireCount) wrote(p []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes++
	w.bytes += uint64(len(p))
	for w.armed && len(p) > 0 {
		if w.need > 0 {
			n := min(w.need, len(p))
			w.need -= n
			p = p[n:]
			continue
		}
		n := copy(w.lenBuf[w.lenN:], p)
		w.lenN += n
		p = p[n:]
		if w.lenN == 4 {
			w.lenN = 0
			w.need = int(binary.BigEndian.Uint32(w.lenBuf[:])) + 16 // the GCM tag
			w.packets++
		}
	}
}

// arm starts counting from zero; the stream must be at a packet boundary
// (nothing being written).
func (w *wireCount) arm() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes, w.bytes, w.packets, w.armed, w.need, w.lenN = 0, 0, 0, true, 0, 0
}

func (w *wireCount) counts() (writes, bytes, packets uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes, w.bytes, w.packets
}

type countingListener struct {
	net.Listener
	wc *wireCount
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: c, wc: l.wc}, nil
}

type countingConn struct {
	net.Conn
	wc *wireCount
}

func (c countingConn) Write(p []byte) (int, error) {
	c.wc.wrote(p)
	return c.Conn.Write(p)
}

// benchClient is a bare SSH terminal: it keeps no screen, only counts what
// arrives and watches for one marker.
type benchClient struct {
	conn  *gossh.Client
	sess  *gossh.Session
	stdin io.Writer
	got   atomic.Uint64 // bytes received

	mu     sync.Mutex
	marker []byte
	tail   []byte
	seen   chan struct{}
}

func dialBench(b testing.TB, addr string, signer gossh.Signer, w, h int) *benchClient {
	b.Helper()
	cfg := &gossh.ClientConfig{
		User:            "cashier",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Config:          gossh.Config{Ciphers: []string{"aes128-gcm@openssh.com"}},
		Timeout:         10 * time.Second,
	}
	conn, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		b.Fatal(err)
	}
	sess, err := conn.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	c := &benchClient{conn: conn, sess: sess}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		b.Fatal(err)
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		b.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		b.Fatal(err)
	}
	go func() {
		buf := make([]byte, 64*1024)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				c.got.Add(uint64(n))
				c.watch(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	b.Cleanup(func() { sess.Close(); conn.Close() })
	return c
}

// expect arms the watch for marker: the returned channel is closed once
// it has arrived (it may span reads).
func (c *benchClient) expect(marker []byte) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.marker, c.tail = marker, c.tail[:0]
	c.seen = make(chan struct{})
	return c.seen
}

func (c *benchClient) watch(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.marker == nil {
		return
	}
	c.tail = append(c.tail, p...)
	if bytes.Contains(c.tail, c.marker) {
		c.marker = nil
		close(c.seen)
		return
	}
	if keep := len(c.marker) - 1; len(c.tail) > keep {
		c.tail = append(c.tail[:0], c.tail[len(c.tail)-keep:]...)
	}
}

// recorder is the cashier model, keeping every distinct frame it draws.
type recorder struct {
	tea.Model
	mu     sync.Mutex
	frames []string
}

func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.Model.Update(msg)
	r.Model = m
	return r, cmd
}

func (r *recorder) View() string {
	v := r.Model.View()
	r.mu.Lock()
	if n := len(r.frames); v != "" && (n == 0 || r.frames[n-1] != v) {
		r.frames = append(r.frames, v)
	}
	r.mu.Unlock()
	return v
}

func (r *recorder) InFlight() int { return inFlight(r.Model) }

func (r *recorder) Close() {
	if c, ok := r.Model.(interface{ Close() }); ok {
		c.Close()
	}
}

const benchW, benchH = 100, 30

var (
	benchFramesOnce sync.Once
	benchFramesList []string
)

// benchFrames are the frames of one top up typed at a person's pace (the
// menu, the phone, the amount key by key, the checkout, SUCCESS), as the
// cashier model drew them on a 100×30 terminal.
func benchFrames(b *testing.B) []string {
	benchFramesOnce.Do(func() {
		rec := &recorder{}
		f := serve(b, testenv.Options{}, func(c *Config) {
			c.newModel = func(o tui.Options) tea.Model { rec.Model = tui.New(o); return rec }
		})
		c := f.dial("siti", sshtest.Options{Width: benchW, Height: benchH})
		toCheckout(c, "081234567890", "20000")
		c.Key("y")
		c.WaitFor("SUCCESS")
		c.Close()
		rec.mu.Lock()
		benchFramesList = append([]string(nil), rec.frames...)
		rec.mu.Unlock()
	})
	if len(benchFramesList) < 10 {
		b.Fatalf("%d frames recorded for a top up", len(benchFramesList))
	}
	return benchFramesList
}

// BenchmarkFrameDiff is the writer's diff alone, frame after frame of a
// top up.
func BenchmarkFrameDiff(b *testing.B) {
	frames := benchFrames(b)
	var f frameWriter
	f.diff(frames[len(frames)-1], benchW, benchH, true)
	var out uint64
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		out += uint64(len(f.diff(frames[i%len(frames)], benchW, benchH, false)))
	}
	b.ReportMetric(float64(out)/float64(b.N), "bytes/frame")
}

// BenchmarkFrameSSH is a frame handed to the frame writer of a real SSH
// session (charmbracelet/ssh with its emulated PTY, as the server runs
// it) and written to a real client over 127.0.0.1.
func BenchmarkFrameSSH(b *testing.B) {
	frames := benchFrames(b)
	wc := &wireCount{}
	got := make(chan *frameWriter, 1)
	addr := bareServer(b, func(s ssh.Session) {
		fw := sessionFrameWriter(s, benchW, benchH)
		got <- fw
		<-s.Context().Done()
		fw.close()
	}, func(ln net.Listener) net.Listener { return countingListener{Listener: ln, wc: wc} })
	c := dialBench(b, addr, key(b, "siti"), benchW, benchH)
	fw := <-got
	// Each frame ends up on the client: the last one's bottom line is the
	// marker (a frame differs from the one before it).
	draw := func(i int) {
		fw.set(frames[i%len(frames)])
		deadline := time.Now().Add(10 * time.Second)
		for fw.writes.Load() < uint64(i+1) {
			if time.Now().After(deadline) {
				b.Fatalf("frame %d never written", i)
			}
			time.Sleep(20 * time.Microsecond)
		}
	}
	for i := range len(frames) {
		draw(i)
	}
	base := len(frames)
	wc.arm()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		draw(base + i)
	}
	b.StopTimer()
	writes, n, packets := wc.counts()
	b.ReportMetric(float64(writes)/float64(b.N), "syscalls/frame")
	b.ReportMetric(float64(packets)/float64(b.N), "packets/frame")
	b.ReportMetric(float64(n)/float64(b.N), "wirebytes/frame")
	_ = c
}

// bareServer serves handler on 127.0.0.1 with charmbracelet/ssh alone (its
// emulated PTY, any key), its listener wrapped by wrap (nil: none); it
// returns the address.
func bareServer(t testing.TB, handler ssh.Handler, wrap func(net.Listener) net.Listener) string {
	t.Helper()
	srv := &ssh.Server{
		Handler:          handler,
		PublicKeyHandler: func(ssh.Context, ssh.PublicKey) bool { return true },
	}
	srv.AddHostKey(key(t, "host"))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if wrap != nil {
		ln = wrap(ln)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return addr
}

// scripted is a model that draws the next of frames at every key.
type scripted struct {
	frames []string
	i      int
}

func (s *scripted) Init() tea.Cmd { return nil }

func (s *scripted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); ok {
		s.i++
	}
	return s, nil
}

func (s *scripted) View() string { return s.frames[s.i%len(s.frames)] }

// BenchmarkKeyFrame is one key typed by a real SSH client and the frame
// answering it, through the whole server: the SSH read side, the input
// pump, Bubble Tea, tracked and its pacer, the frame writer, the write.
// The model draws the top up's frames, each marked on its last line, one
// a key.
func BenchmarkKeyFrame(b *testing.B) {
	frames := append([]string(nil), benchFrames(b)...)
	// Mark each frame (a counter on the last line) so the client knows it
	// arrived; an even number of frames keeps the marks distinct in turn.
	marks := make([][]byte, len(frames))
	for i, fr := range frames {
		marks[i] = []byte("#" + strconv.Itoa(1000+i) + "#")
		frames[i] = fr + "\n" + string(marks[i])
	}
	wc := &wireCount{}
	f := serveWrapped(b, testenv.Options{}, func(c *Config) {
		c.newModel = func(tui.Options) tea.Model { return &scripted{frames: frames} }
	}, func(ln net.Listener) net.Listener { return countingListener{Listener: ln, wc: wc} })
	c := dialBench(b, f.addr, key(b, "siti"), benchW, benchH+1)
	<-c.expect(marks[0])
	i := 0
	key := func() {
		i++
		seen := c.expect(marks[i%len(frames)])
		io.WriteString(c.stdin, "x")
		select {
		case <-seen:
		case <-time.After(10 * time.Second):
			b.Fatalf("frame %d never arrived", i)
		}
	}
	for range len(frames) {
		key()
	}
	time.Sleep(50 * time.Millisecond) // the pacer's bucket full again
	wc.arm()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		key()
		// A person's pace, not a paste: every key in a packet of its own,
		// and its frame never held by the pacer.
		time.Sleep(frameGap)
	}
	b.StopTimer()
	writes, n, packets := wc.counts()
	b.ReportMetric(float64(writes)/float64(b.N), "syscalls/key")
	b.ReportMetric(float64(packets)/float64(b.N), "packets/key")
	b.ReportMetric(float64(n)/float64(b.N), "wirebytes/key")
}
