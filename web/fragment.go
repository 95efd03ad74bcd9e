package web

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"html/template"
	"strings"
	"sync"
	"time"
)

// fragmentCache keeps HTML fragments (a reply, an answer) rendered by
// html/template, keyed by every input of their rendering: the post's fields
// that the fragment shows, the viewer's rights on it, the language and the
// page's path. A key that holds all inputs needs no invalidation — any change
// (a like, an edit, a rename, other rights) is another key — so the cache is
// exact on any number of servers. Old fragments age out: the cache keeps two
// generations of at most maxBytes/2 each and drops the older when the newer
// is full.
//
// The CSRF token differs per visitor, so fragments are rendered with a
// placeholder, random per process, where the token goes; the places are cut
// out and the visitor's token is put back when the fragment is written.
type fragmentCache struct {
	placeholder string
	maxBytes    int

	mu       sync.Mutex
	cur, old map[string]*fragment
	curBytes int
}

// fragment is rendered HTML with the CSRF token cut out at holes (offsets
// into html, ascending).
type fragment struct {
	html  []byte
	holes []int
}

func newFragmentCache(maxBytes int) *fragmentCache {
	b := make([]byte, 16)
	rand.Read(b)
	return &fragmentCache{
		placeholder: "csrf" + hex.EncodeToString(b),
		maxBytes:    maxBytes,
		cur:         map[string]*fragment{},
		old:         map[string]*fragment{},
	}
}

// get looks a fragment up; the key is bytes so that a hit allocates nothing.
func (c *fragmentCache) get(key []byte) *fragment {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.cur[string(key)]; ok {
		return f
	}
	if f, ok := c.old[string(key)]; ok {
		delete(c.old, string(key))
		c.addLocked(string(key), f)
		return f
	}
	return nil
}

func (c *fragmentCache) put(key string, f *fragment) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[key]; !ok {
		c.addLocked(key, f)
	}
}

func (c *fragmentCache) addLocked(key string, f *fragment) {
	size := len(key) + len(f.html) + 8*len(f.holes) + 64
	if c.curBytes+size > c.maxBytes/2 {
		c.old, c.cur, c.curBytes = c.cur, map[string]*fragment{}, 0
	}
	c.cur[key] = f
	c.curBytes += size
}

// cut turns rendered HTML into a fragment by taking out the placeholders.
func (c *fragmentCache) cut(html []byte) *fragment {
	f := &fragment{}
	p := []byte(c.placeholder)
	for {
		i := bytes.Index(html, p)
		if i < 0 {
			break
		}
		f.html = append(f.html, html[:i]...)
		f.holes = append(f.holes, len(f.html))
		html = html[i+len(p):]
	}
	f.html = append(f.html, html...)
	return f
}

// fragmentList renders a list of fragments into one piece of HTML for a
// page: each from the cache when its key is there, else rendered by render
// (with the placeholder for the token) and kept. A fragment whose inputs
// contain the placeholder is rendered with the real token and not kept, so
// that the visitor's token can never land inside a post's text.
type fragmentList struct {
	c     *fragmentCache
	csrf  string // the visitor's CSRF token
	token string // the same, escaped for an attribute
	parts []*fragment
}

func (c *fragmentCache) list(csrf string) *fragmentList {
	return &fragmentList{c: c, csrf: csrf, token: attrEscape(csrf)}
}

// add appends one fragment. key holds every input of render; inputs are the
// strings among them that come from members (bodies, names). render writes
// csrf where the token goes.
func (l *fragmentList) add(key []byte, inputs []string, render func(csrf string) ([]byte, error)) error {
	if f := l.c.get(key); f != nil {
		l.parts = append(l.parts, f)
		return nil
	}
	for _, s := range inputs {
		if strings.Contains(s, l.c.placeholder) {
			html, err := render(l.csrf)
			if err != nil {
				return err
			}
			l.parts = append(l.parts, &fragment{html: html})
			return nil
		}
	}
	html, err := render(l.c.placeholder)
	if err != nil {
		return err
	}
	f := l.c.cut(html)
	l.c.put(string(key), f)
	l.parts = append(l.parts, f)
	return nil
}

// HTML joins the fragments with the visitor's token in their holes. The
// fragments came out of html/template and the token is escaped as
// html/template escapes an attribute value.
func (l *fragmentList) HTML() template.HTML {
	n := 0
	for _, f := range l.parts {
		n += len(f.html) + len(f.holes)*len(l.token)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range l.parts {
		last := 0
		for _, h := range f.holes {
			b.Write(f.html[last:h])
			b.WriteString(l.token)
			last = h
		}
		b.Write(f.html[last:])
	}
	return template.HTML(b.String())
}

// attrEscape escapes s as html/template does for a value in a quoted
// attribute (the same table for text), so that a page is byte for byte what
// the template would have written.
func attrEscape(s string) string {
	safe := true
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0, '"', '&', '\'', '+', '<', '>':
			safe = false
		}
	}
	if safe {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 0:
			b.WriteString("\uFFFD")
		case '"':
			b.WriteString("&#34;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// fragmentKey builds a cache key: every value written with its length or
// in fixed width, so that different inputs never make the same key.
type fragmentKey struct{ b []byte }

func (k *fragmentKey) str(s string) *fragmentKey {
	k.b = binary.AppendUvarint(k.b, uint64(len(s)))
	k.b = append(k.b, s...)
	return k
}

func (k *fragmentKey) int(n int64) *fragmentKey {
	k.b = binary.AppendVarint(k.b, n)
	return k
}

func (k *fragmentKey) bool(v bool) *fragmentKey {
	if v {
		k.b = append(k.b, 1)
	} else {
		k.b = append(k.b, 0)
	}
	return k
}

func (k *fragmentKey) time(t time.Time) *fragmentKey {
	return k.bool(t.IsZero()).int(t.UnixNano())
}
