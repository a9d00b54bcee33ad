package resp

import (
	"cmp"
	"net"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clientType is a client class of CLIENT LIST and CLIENT KILL TYPE.
type clientType uint8

const (
	typeAny clientType = iota
	typeNormal
	typeReplica
	typePubSub
	typeMaster
)

// parseClientType reads a TYPE argument (any case; "slave" is "replica").
func parseClientType(b []byte) (clientType, bool) {
	switch strings.ToLower(string(b)) {
	case "normal":
		return typeNormal, true
	case "replica", "slave":
		return typeReplica, true
	case "pubsub":
		return typePubSub, true
	case "master":
		return typeMaster, true
	}
	return typeAny, false
}

// clientFilter selects clients for CLIENT LIST and CLIENT KILL: a client
// matches when it passes every filter that is set.
type clientFilter struct {
	typ     clientType
	id      int64
	byID    bool
	addr    string
	byAddr  bool
	laddr   string
	byLaddr bool
	user    string
	byUser  bool
	skip    *client // never matches (CLIENT KILL ... SKIPME yes)
}

func (f *clientFilter) match(c *client) bool {
	switch {
	case c == f.skip,
		f.typ != typeAny && f.typ != c.kind(),
		f.byID && c.sess.ID != f.id,
		f.byAddr && c.addr != f.addr,
		f.byLaddr && c.laddr != f.laddr,
		f.byUser && c.user.Load().name != f.user:
		return false
	}
	return true
}

// kind is the client's class; every client is a normal one until tierdb
// has pub/sub and replication.
func (c *client) kind() clientType { return typeNormal }

// clientsMatching lists the connected clients that f matches, oldest first.
func (s *Server) clientsMatching(f *clientFilter) []*client {
	s.mu.Lock()
	out := make([]*client, 0, len(s.clients))
	for _, c := range s.clients {
		if f.match(c) {
			out = append(out, c)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b *client) int { return cmp.Compare(a.sess.ID, b.sess.ID) })
	return out
}

// clientByID is the connected client with that id, or nil.
func (s *Server) clientByID(id int64) *client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clients[id]
}

// appendClientLine appends c's line of CLIENT LIST, as seen by self (the
// client running the command), with Redis 7.0's fields in Redis's order.
// The buffer fields are estimates (qbuf and argv-mem are exact for the
// caller's own request).
func appendClientLine(dst []byte, c, self *client) []byte {
	now := time.Now()
	var qbuf, argv int64
	idle := now.UnixMilli() - c.lastCmd.Load()
	if c == self {
		qbuf, argv, idle = int64(c.curRaw), int64(c.curArgv), 0
	}
	field := func(name string) { dst = append(append(dst, name...), '=') }
	num := func(name string, n int64) {
		field(name)
		dst = strconv.AppendInt(dst, n, 10)
		dst = append(dst, ' ')
	}
	str := func(name, v string) {
		field(name)
		dst = append(append(dst, v...), ' ')
	}
	num("id", c.sess.ID)
	str("addr", c.addr)
	str("laddr", c.laddr)
	num("fd", int64(c.fd))
	str("name", c.name.Load().(string))
	num("age", int64(now.Sub(c.created)/time.Second))
	num("idle", max(idle, 0)/1000)
	str("flags", c.flags())
	num("db", int64(c.status.db.Load()))
	num("sub", 0)
	num("psub", 0)
	num("ssub", 0)
	num("multi", int64(c.status.multi.Load()))
	num("qbuf", qbuf)
	num("qbuf-free", 0)
	num("argv-mem", argv)
	num("multi-mem", 0)
	num("rbs", minReadBuffer)
	num("rbp", 0)
	num("obl", 0)
	num("oll", 0)
	num("omem", 0)
	num("tot-mem", clientOverhead+qbuf+argv)
	str("events", "r")
	cmd := "NULL"
	if k := c.status.cmd.Load(); k != nil {
		cmd = k.Name
	}
	str("cmd", cmd)
	str("user", c.user.Load().name)
	num("redir", -1)
	field("resp")
	dst = strconv.AppendInt(dst, int64(c.status.proto.Load()), 10)
	return append(dst, '\n')
}

// clientOverhead estimates, for CLIENT LIST's tot-mem, what a client costs
// besides its request.
const clientOverhead = 20480

// flags are CLIENT LIST's flags, in Redis's order: x in MULTI, b when
// blocked, d when a WATCHed key changed, e for CLIENT NO-EVICT on, N for
// none.
func (c *client) flags() string {
	var b []byte
	if c.status.multi.Load() >= 0 {
		b = append(b, 'x')
	}
	if c.status.blocked.Load() {
		b = append(b, 'b')
	}
	if c.status.dirty.Load() {
		b = append(b, 'd')
	}
	if c.status.noEvict.Load() {
		b = append(b, 'e')
	}
	if len(b) == 0 {
		return "N"
	}
	return string(b)
}

// socketFD is the file descriptor of a TCP connection, or -1.
func socketFD(c net.Conn) int {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return -1
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return -1
	}
	fd := -1
	_ = raw.Control(func(f uintptr) { fd = int(f) })
	return fd
}
