package e2e

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// Differential tests of SORT and SORT_RO against a real redis-server, in
// RESP2 and RESP3, hot and (after a restart) cold. Redis leaves two orders
// undefined, which the tests avoid: a set's own order (SORT of a set BY a
// pattern without '*', not stored) and ties between equal BY values in an
// ALPHA sort.

// sortFixture is the data of the scripted cases, the same on both servers.
var sortFixture = [][]string{
	{"RPUSH", "nums", "3", "1", "2", "10", "-5", "2.5", "1e3", "0x10", " 7", "inf", "-inf"},
	{"RPUSH", "words", "pear", "apple", "fig", "banana", "apple", ""},
	{"RPUSH", "bad", "1", "2 ", "3"},
	{"RPUSH", "big", "1e400"},
	{"SADD", "set", "5", "3", "9", "12", "1"},
	{"ZADD", "zs", "3", "c", "1", "a", "2", "b", "4", "d"},
	{"MSET", "w_a", "30", "w_b", "10", "w_c", "20", "w_d", "-1", "s_a", "x", "s_b", "y", "s_c", "z", "s_d", "w"},
	{"HSET", "h_a", "f", "3", "g", "A"}, {"HSET", "h_b", "f", "1", "g", "B"}, {"HSET", "h_c", "f", "2"},
	{"SET", "str", "v"}, {"HSET", "hash", "f", "v"},
	{"MSET", "o_1", "one", "o_2", "two", "o_3", "three"},
}

// sortCases are the scripted SORT commands: options, errors, patterns.
var sortCases = [][]string{
	{"SORT", "nums"}, {"SORT", "nums", "DESC"}, {"SORT", "nums", "LIMIT", "2", "3"},
	{"SORT", "nums", "LIMIT", "-1", "2"}, {"SORT", "nums", "LIMIT", "1", "-1"}, {"SORT", "nums", "LIMIT", "100", "2"},
	{"SORT", "nums", "LIMIT", "0", "0"}, {"SORT", "nums", "LIMIT", "0", "1", "LIMIT", "2", "2"},
	{"SORT", "nums", "ASC", "DESC"}, {"SORT", "nums", "DESC", "ASC"},
	{"SORT", "words", "ALPHA"}, {"SORT", "words", "ALPHA", "DESC", "LIMIT", "1", "3"}, {"SORT", "words"},
	{"SORT", "bad"},
	{"SORT", "set"}, {"SORT", "set", "DESC", "LIMIT", "1", "2"}, {"SORT", "set", "ALPHA"},
	{"SORT", "zs", "BY", "nosort"}, {"SORT", "zs", "BY", "nosort", "DESC"}, {"SORT", "zs", "BY", "nosort", "LIMIT", "1", "2"},
	{"SORT", "zs", "BY", "nosort", "DESC", "LIMIT", "1", "5"}, {"SORT", "zs", "BY", "nosort", "ALPHA"},
	{"SORT", "zs", "ALPHA", "DESC"}, {"SORT", "zs"},
	{"SORT", "nums", "BY", "nosort"}, {"SORT", "nums", "BY", "nosort", "DESC", "LIMIT", "2", "3"},
	{"SORT", "zs", "BY", "w_*"}, {"SORT", "zs", "BY", "w_*", "DESC"}, {"SORT", "zs", "BY", "s_*", "ALPHA"},
	{"SORT", "zs", "BY", "h_*->f"}, {"SORT", "zs", "BY", "h_*->f", "GET", "#", "GET", "h_*->g", "GET", "w_*"},
	{"SORT", "zs", "BY", "w_*", "GET", "nosuch_*", "GET", "#"}, {"SORT", "zs", "BY", "w_*", "GET", "fixed"},
	{"SORT", "zs", "BY", "w_*", "GET", "h_*->"}, {"SORT", "zs", "BY", "w_*", "GET", "h_*->nosuch"},
	{"SORT", "zs", "BY", "w_*", "GET", "h_*"}, {"SORT", "set", "GET", "o_*"},
	{"SORT", "zs", "BY", "w_*", "STORE", "dst"}, {"LRANGE", "dst", "0", "-1"}, {"TYPE", "dst"},
	{"SORT", "zs", "BY", "w_*", "GET", "o_*", "STORE", "dst2"}, {"LRANGE", "dst2", "0", "-1"},
	{"SORT", "set", "BY", "nosort", "STORE", "dst3"}, {"LRANGE", "dst3", "0", "-1"},
	{"SORT", "set", "STORE", "str"}, {"TYPE", "str"}, {"LRANGE", "str", "0", "-1"},
	{"SORT", "nokey", "STORE", "hash"}, {"EXISTS", "hash"}, {"SORT", "nokey"}, {"SORT", "nokey", "BY", "nosort"},
	{"SORT", "nums", "STORE", "nums"}, {"LRANGE", "nums", "0", "-1"},
	{"SORT_RO", "zs", "BY", "w_*"}, {"SORT_RO", "zs", "STORE", "x"}, {"SORT_RO", "zs", "ALPHA", "LIMIT", "0", "2"},
	{"SORT", "w_a"}, {"SORT", "h_a"}, {"SORT", "w_a", "FOO"},
	{"SORT", "nums", "LIMIT", "a", "1"}, {"SORT", "nums", "LIMIT", "1"}, {"SORT", "nums", "BY"},
	{"SORT", "nums", "GET"}, {"SORT", "nums", "STORE"}, {"SORT", "nums", "FOO"}, {"SORT"},
	{"COMMAND", "GETKEYS", "SORT", "k", "LIMIT", "0", "1", "STORE", "d", "GET", "x"},
	{"COMMAND", "GETKEYS", "SORT", "k", "STORE", "STORE", "d"}, {"COMMAND", "GETKEYS", "SORT_RO", "k", "BY", "x"},
	{"COMMAND", "GETKEYSANDFLAGS", "SORT", "k", "STORE", "d"},
	// Last: after a value out of a double's range, Redis's strtod leaves
	// errno at ERANGE, and its SORT wrongly refuses later numbers too.
	{"SORT", "big"},
}

func TestSortDiff_Scripted(t *testing.T) {
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("resp%d", proto), func(t *testing.T) {
			p := startHashPair(t, proto, nil)
			for _, cmd := range sortFixture {
				p.same(t, cmd...)
			}
			for _, cmd := range sortCases {
				p.same(t, cmd...)
			}
			// Again with every key only on disk (sortCases changed some:
			// set them up anew first).
			p.restart(t)
			for _, cmd := range sortFixture {
				p.same(t, "DEL", cmd[1])
				p.same(t, cmd...)
			}
			p.restart(t)
			for _, cmd := range sortCases {
				p.same(t, cmd...)
			}
		})
	}
}

// Ensure that random SORTs over random lists, sorted sets and BY/GET keys
// reply as Redis does, including sorted sets bigger than what tierdb keeps
// in memory after a restart.
func TestSortDiff_Random(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	p := startHashPair(t, 2, nil)
	val := func() string {
		switch rng.IntN(4) {
		case 0:
			return strconv.Itoa(rng.IntN(50) - 25)
		case 1:
			return strconv.FormatFloat(rng.Float64()*100-50, 'g', -1, 64)
		default:
			return strconv.Itoa(rng.IntN(1000))
		}
	}
	// Elements are numbers; BY keys hold numbers or unique words; hashes
	// hold a field for some elements.
	const n = 5000
	for i := range n {
		e := strconv.Itoa(i)
		p.same(t, "SET", "by_"+e, val())
		p.same(t, "SET", "word_"+e, fmt.Sprintf("w%09d", rng.IntN(100000)*n+i))
		if rng.IntN(2) == 0 {
			p.same(t, "HSET", "obj_"+e, "n", val(), "name", "o"+e)
		}
	}
	for i := range n {
		m := strconv.Itoa(rng.IntN(n))
		p.same(t, "RPUSH", "list", m)
		p.same(t, "ZADD", "zbig", strconv.Itoa(rng.IntN(20)), strconv.Itoa(i))
		if i%10 == 0 {
			p.same(t, "ZADD", "zsmall", strconv.Itoa(rng.IntN(5)), m)
		}
	}
	options := func(key string) []string {
		cmd := []string{"SORT", key}
		if rng.IntN(3) == 0 {
			cmd[0] = "SORT_RO"
		}
		switch rng.IntN(5) {
		case 0:
			cmd = append(cmd, "BY", "by_*")
		case 1:
			cmd = append(cmd, "BY", "word_*", "ALPHA")
		case 2:
			cmd = append(cmd, "BY", "nosort")
		case 3:
			cmd = append(cmd, "BY", "obj_*->n")
		}
		if rng.IntN(2) == 0 {
			cmd = append(cmd, "LIMIT", strconv.Itoa(rng.IntN(40)-5), strconv.Itoa(rng.IntN(30)-3))
		}
		if rng.IntN(2) == 0 {
			cmd = append(cmd, "DESC")
		}
		for range rng.IntN(3) {
			cmd = append(cmd, "GET", []string{"#", "obj_*->name", "by_*", "word_*"}[rng.IntN(4)])
		}
		return cmd
	}
	for round := range 3 {
		for range 150 {
			key := []string{"list", "zbig", "zsmall"}[rng.IntN(3)]
			cmd := options(key)
			if cmd[0] == "SORT" && rng.IntN(4) == 0 {
				cmd = append(cmd, "STORE", "out")
				p.same(t, cmd...)
				p.same(t, "LRANGE", "out", "0", "-1")
				continue
			}
			p.same(t, cmd...)
		}
		if round < 2 {
			p.restart(t)
		}
	}
}
