package web

import "bytes"

// chromeItem is all that a page's header shows, with what the viewer may
// open. Its key holds every field; the language comes with the page.
type chromeItem struct {
	Nav       string
	LoggedIn  bool
	Name      string
	Moderator bool
	IsAdmin   bool
	Notify    bool
	Unread    int
}

// fillChrome renders the page's header and footer through the fragment
// cache: they are the same on every page a member opens but for the current
// navigation item and the unread count, and rendering them was a fifth of a
// thread page's template time. The footer's key holds the path (its
// language form returns there).
func (s *Server) fillChrome(p *Page) error {
	c := &chromeItem{Nav: p.Nav, IsAdmin: p.IsAdmin, Notify: p.Notify, Unread: p.Unread}
	if p.Me != nil {
		c.LoggedIn, c.Name, c.Moderator = true, p.Me.Name, p.Me.IsModerator()
	}
	list := s.pages.fragments.list(p.CSRF)
	k := &fragmentKey{}
	k.str("site-header").str(p.L.Lang).str(c.Nav).bool(c.LoggedIn).str(c.Name).bool(c.Moderator).bool(c.IsAdmin).
		bool(c.Notify).int(int64(c.Unread))
	if err := list.add(k.b, []string{c.Name}, s.renderChrome(p, "site-header", c)); err != nil {
		return err
	}
	p.HeaderHTML = list.HTML()
	list = s.pages.fragments.list(p.CSRF)
	k.b = k.b[:0]
	k.str("site-footer").str(p.L.Lang).str(p.Path)
	if err := list.add(k.b, []string{p.Path}, s.renderChrome(p, "site-footer", c)); err != nil {
		return err
	}
	p.FooterHTML = list.HTML()
	return nil
}

// renderChrome renders one of the layout's parts for p with csrf for its token.
func (s *Server) renderChrome(p *Page, name string, c *chromeItem) func(csrf string) ([]byte, error) {
	return func(csrf string) ([]byte, error) {
		var buf bytes.Buffer
		err := s.pages.layout.ExecuteTemplate(&buf, name, itemData[*chromeItem]{P: &Page{L: p.L, CSRF: csrf, Path: p.Path}, Item: c})
		return buf.Bytes(), err
	}
}
