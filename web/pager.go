package web

import (
	"net/url"
	"strconv"
)

// pager links to the previous and next page of a list, keeping its filters.
type pager struct {
	Page, Pages int
	Prev, Next  string
}

func pageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func newPager(u *url.URL, page, total, size int) pager {
	p := pager{Page: page, Pages: (total + size - 1) / size}
	if p.Pages == 0 {
		p.Pages = 1
	}
	link := func(n int) string {
		q := u.Query()
		q.Set("side", strconv.Itoa(n))
		return u.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}
