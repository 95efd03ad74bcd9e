// Package textdiff compares two versions of a text word by word, for the
// revision history of posts.
package textdiff

import "strings"

// Op says whether a piece of text was kept, inserted or deleted.
type Op int

const (
	Equal Op = iota
	Insert
	Delete
)

// Chunk is a run of words with the same Op, spaces included.
type Chunk struct {
	Op   Op
	Text string
}

// Words diffs a and b by words (runs of non-space with their trailing space),
// using the longest common subsequence. Texts are at most a few thousand
// words, so the quadratic table is fine; beyond that whole lines are compared.
func Words(a, b string) []Chunk {
	x, y := split(a), split(b)
	if len(x)*len(y) > 4_000_000 {
		x, y = splitLines(a), splitLines(b)
	}
	// lcs[i][j] is the length of the LCS of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []Chunk
	add := func(op Op, s string) {
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += s
			return
		}
		out = append(out, Chunk{op, s})
	}
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] == y[j]:
			add(Equal, x[i])
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			add(Delete, x[i])
			i++
		default:
			add(Insert, y[j])
			j++
		}
	}
	for ; i < len(x); i++ {
		add(Delete, x[i])
	}
	for ; j < len(y); j++ {
		add(Insert, y[j])
	}
	return out
}

func split(s string) []string {
	var out []string
	start := 0
	inSpace := false
	for i, r := range s {
		space := r == ' ' || r == '\n' || r == '\t' || r == '\r'
		if !space && inSpace {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = space
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
