package tier

import (
	"math/rand/v2"
	"strings"
)

// The in-memory order of a loaded sorted set: a skiplist whose links carry
// spans (how many entries they jump over), so that it answers by rank as
// well as by position in O(log n) expected time, and whose bottom level is
// doubly linked, so that it is walked from either end. Entries are ordered
// by score, then by member bytes; scores compare as floats, so -0 and +0
// are one score and tie on the member, as in Redis.

// zslMaxLevel bounds the height of a node: 2^64 entries at p = 1/4.
const zslMaxLevel = 32

// zslNode is one entry; the header node has no entry.
type zslNode struct {
	member string
	score  float64
	back   *zslNode // the previous entry on the bottom level; nil for the first
	links  []zslLink
}

// zslLink is a node's forward link at one level.
type zslLink struct {
	next *zslNode
	span int // entries from this node to next (to the end when next is nil)
}

// zskiplist is an order-statistic skiplist of (score, member) entries.
type zskiplist struct {
	head   *zslNode
	tail   *zslNode
	length int
	level  int // levels in use, at least 1
}

func newSkiplist() *zskiplist {
	return &zskiplist{head: &zslNode{links: make([]zslLink, zslMaxLevel)}, level: 1}
}

// zslCompare orders entry (s1, m1) against (s2, m2).
func zslCompare(s1 float64, m1 string, s2 float64, m2 string) int {
	switch {
	case s1 < s2:
		return -1
	case s1 > s2:
		return 1
	}
	return strings.Compare(m1, m2)
}

// before reports whether node n is ordered before position p.
func (n *zslNode) before(p ZPos) bool { return p.cmpEntry(n.score, n.member) > 0 }

func zslRandomLevel() int {
	l := 1
	for l < zslMaxLevel && rand.Uint32()&3 == 0 {
		l++
	}
	return l
}

// insert adds an entry the list does not hold and returns its node.
func (l *zskiplist) insert(member string, score float64) *zslNode {
	var update [zslMaxLevel]*zslNode
	var rank [zslMaxLevel]int
	x := l.head
	for i := l.level - 1; i >= 0; i-- {
		if i < l.level-1 {
			rank[i] = rank[i+1]
		}
		for nx := x.links[i].next; nx != nil && zslCompare(nx.score, nx.member, score, member) < 0; nx = x.links[i].next {
			rank[i] += x.links[i].span
			x = nx
		}
		update[i] = x
	}
	level := zslRandomLevel()
	for i := l.level; i < level; i++ {
		rank[i] = 0
		update[i] = l.head
		update[i].links[i].span = l.length
	}
	l.level = max(l.level, level)
	n := &zslNode{member: member, score: score, links: make([]zslLink, level)}
	for i := range level {
		n.links[i].next = update[i].links[i].next
		update[i].links[i].next = n
		n.links[i].span = update[i].links[i].span - (rank[0] - rank[i])
		update[i].links[i].span = rank[0] - rank[i] + 1
	}
	for i := level; i < l.level; i++ {
		update[i].links[i].span++
	}
	if update[0] != l.head {
		n.back = update[0]
	}
	if n.links[0].next != nil {
		n.links[0].next.back = n
	} else {
		l.tail = n
	}
	l.length++
	return n
}

// remove deletes the entry (member, score) and reports whether it was there.
func (l *zskiplist) remove(member string, score float64) bool {
	var update [zslMaxLevel]*zslNode
	x := l.head
	for i := l.level - 1; i >= 0; i-- {
		for nx := x.links[i].next; nx != nil && zslCompare(nx.score, nx.member, score, member) < 0; nx = x.links[i].next {
			x = nx
		}
		update[i] = x
	}
	x = x.links[0].next
	if x == nil || zslCompare(x.score, x.member, score, member) != 0 {
		return false
	}
	for i := range l.level {
		if update[i].links[i].next == x {
			update[i].links[i].span += x.links[i].span - 1
			update[i].links[i].next = x.links[i].next
		} else {
			update[i].links[i].span--
		}
	}
	if x.links[0].next != nil {
		x.links[0].next.back = x.back
	} else {
		l.tail = x.back
	}
	for l.level > 1 && l.head.links[l.level-1].next == nil {
		l.level--
	}
	l.length--
	return true
}

// countBefore is the number of entries ordered before position p.
func (l *zskiplist) countBefore(p ZPos) int {
	n, _ := l.lastBefore(p)
	return n
}

// lastBefore returns the last node before position p (nil if none) and
// how many entries precede p.
func (l *zskiplist) lastBefore(p ZPos) (int, *zslNode) {
	x, rank := l.head, 0
	for i := l.level - 1; i >= 0; i-- {
		for nx := x.links[i].next; nx != nil && nx.before(p); nx = x.links[i].next {
			rank += x.links[i].span
			x = nx
		}
	}
	if x == l.head {
		return 0, nil
	}
	return rank, x
}

// firstAfter returns the first node after position p, or nil.
func (l *zskiplist) firstAfter(p ZPos) *zslNode {
	_, x := l.lastBefore(p)
	if x == nil {
		return l.head.links[0].next
	}
	return x.links[0].next
}

// rank is the 0-based rank of the entry (member, score), which must be in
// the list.
func (l *zskiplist) rank(member string, score float64) int {
	x, rank := l.head, 0
	for i := l.level - 1; i >= 0; i-- {
		for nx := x.links[i].next; nx != nil && zslCompare(nx.score, nx.member, score, member) <= 0; nx = x.links[i].next {
			rank += x.links[i].span
			x = nx
		}
		if x != l.head && x.member == member {
			return rank - 1
		}
	}
	return -1
}

// byRank returns the node of 0-based rank r, or nil when out of range.
func (l *zskiplist) byRank(r int) *zslNode {
	if r < 0 || r >= l.length {
		return nil
	}
	x, traversed := l.head, 0
	for i := l.level - 1; i >= 0; i-- {
		for x.links[i].next != nil && traversed+x.links[i].span <= r+1 {
			traversed += x.links[i].span
			x = x.links[i].next
		}
		if traversed == r+1 {
			return x
		}
	}
	return nil
}

// first is the lowest entry's node, or nil.
func (l *zskiplist) first() *zslNode { return l.head.links[0].next }

// next is the node after n, or nil.
func (n *zslNode) next() *zslNode { return n.links[0].next }
