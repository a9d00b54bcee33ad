package engine

import (
	"strconv"
	"strings"
)

// INFO: the sections and field names of Redis 7.0 (so that redis-cli,
// redis_exporter and RedisInsight read them), plus tierdb's own fields, each
// named tier_* or tierdb_*.

// infoSection is one INFO section: its name (lower case, as INFO's argument),
// its title, whether INFO without arguments includes it, whether only
// naming it does (tierdb's own sections: "all" and "everything" list
// Redis's, so that tools comparing them see Redis's), and its writer.
type infoSection struct {
	name, title string
	byDefault   bool
	onlyNamed   bool
	write       func(e *Engine, w *infoWriter, conn *ConnStats)
}

// infoSections are the sections in the order INFO prints them.
var infoSections = []infoSection{
	{"server", "Server", true, false, (*Engine).infoServer},
	{"clients", "Clients", true, false, (*Engine).infoClients},
	{"memory", "Memory", true, false, (*Engine).infoMemory},
	{"persistence", "Persistence", true, false, (*Engine).infoPersistence},
	{"stats", "Stats", true, false, (*Engine).infoStats},
	{"replication", "Replication", true, false, (*Engine).infoReplication},
	{"cpu", "CPU", true, false, (*Engine).infoCPU},
	{"modules", "Modules", true, false, func(*Engine, *infoWriter, *ConnStats) {}},
	{"commandstats", "Commandstats", false, false, (*Engine).infoCommandstats},
	{"errorstats", "Errorstats", true, false, (*Engine).infoErrorstats},
	{"cluster", "Cluster", true, false, (*Engine).infoCluster},
	{"keyspace", "Keyspace", true, false, (*Engine).infoKeyspace},
	{"tiering", "Tiering", false, true, (*Engine).infoTiering},
}

// INFO [section [section ...]]
//
// cmdInfo replies with the chosen sections as "key:value" lines under
// "# Title" headers, sections separated by a blank line: a bulk string in
// RESP2, a verbatim string of format txt in RESP3. With no argument, or
// "default", it gives the default sections; "all" and "everything" give all
// of Redis's; tierdb's Tiering section comes when named; unknown names are
// ignored.
func cmdInfo(c *Call) error {
	chosen := chooseInfoSections(c.Args[1:])
	var conn ConnStats
	if h := c.hooks(); h != nil {
		conn = h.ConnStats()
	}
	c.Out.Verbatim("txt", c.e.infoText(chosen, &conn))
	return nil
}

// chooseInfoSections maps INFO's arguments to the sections to print.
func chooseInfoSections(args [][]byte) []bool {
	chosen := make([]bool, len(infoSections))
	if len(args) == 0 {
		args = [][]byte{[]byte("default")}
	}
	for _, a := range args {
		name := strings.ToLower(string(a))
		for i, s := range infoSections {
			switch name {
			case "all", "everything":
				chosen[i] = chosen[i] || !s.onlyNamed
			case "default":
				chosen[i] = chosen[i] || s.byDefault
			case s.name:
				chosen[i] = true
			}
		}
	}
	return chosen
}

// infoText renders the chosen sections.
func (e *Engine) infoText(chosen []bool, conn *ConnStats) string {
	var w infoWriter
	for i, s := range infoSections {
		if !chosen[i] {
			continue
		}
		if w.b.Len() > 0 {
			w.b.WriteString("\r\n")
		}
		w.b.WriteString("# ")
		w.b.WriteString(s.title)
		w.b.WriteString("\r\n")
		s.write(e, &w, conn)
	}
	return w.b.String()
}

// infoWriter accumulates "key:value\r\n" lines.
type infoWriter struct{ b strings.Builder }

func (w *infoWriter) str(key, value string) {
	w.b.WriteString(key)
	w.b.WriteByte(':')
	w.b.WriteString(value)
	w.b.WriteString("\r\n")
}

func (w *infoWriter) int(key string, n int64) { w.str(key, strconv.FormatInt(n, 10)) }

func (w *infoWriter) uint(key string, n uint64) { w.str(key, strconv.FormatUint(n, 10)) }

// float writes f with prec decimals, as Redis's "%.<prec>f".
func (w *infoWriter) float(key string, f float64, prec int) {
	w.str(key, strconv.FormatFloat(f, 'f', prec, 64))
}

// bool writes 1 or 0.
func (w *infoWriter) bool(key string, b bool) {
	if b {
		w.str(key, "1")
	} else {
		w.str(key, "0")
	}
}

// humanBytes formats n as Redis's bytesToHuman: "0B", "894.99K", "1.00G".
func humanBytes(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10) + "B"
	}
	f := float64(n)
	for _, unit := range []string{"K", "M", "G", "T", "P"} {
		f /= 1024
		if f < 1024 || unit == "P" {
			return strconv.FormatFloat(f, 'f', 2, 64) + unit
		}
	}
	return ""
}
