package web

import (
	"time"

	"github.com/allmenning/allmenning"
)

// threadRowItem is all that a thread's row in a list shows, as its viewer
// sees it (their unread mark). Its key holds every field.
type threadRowItem struct {
	ID             int64
	Title          string
	AuthorName     string
	AreaSlug       string
	AreaName       string
	LastActivityAt time.Time
	Visibility     allmenning.Visibility
	ReplyCount     int
	LikeCount      int
	ReadCount      int
	UnreadCount    int
	Tags           []tagItem
}

func (it *threadRowItem) key(k *fragmentKey) {
	k.int(it.ID).str(it.Title).str(it.AuthorName).str(it.AreaSlug).str(it.AreaName).time(it.LastActivityAt).
		str(string(it.Visibility)).int(int64(it.ReplyCount)).int(int64(it.LikeCount)).int(int64(it.ReadCount)).
		int(int64(it.UnreadCount))
	keyTags(k, it.Tags)
}

func (it *threadRowItem) inputs() []string {
	return tagInputs([]string{it.Title, it.AuthorName, it.AreaSlug, it.AreaName}, it.Tags)
}

// fillThreadRows renders the rows of a thread list page into d.RowsHTML
// through the fragment cache: a row is twenty-odd template actions, and a
// list shows twenty of them.
func (s *Server) fillThreadRows(p *Page, d *threadListData) error {
	if d.Page == nil {
		return nil
	}
	items := make([]*threadRowItem, len(d.Page.Threads))
	for i, t := range d.Page.Threads {
		it := &threadRowItem{
			ID: t.ID, Title: t.Title, AuthorName: t.AuthorName, AreaSlug: t.AreaSlug, AreaName: t.AreaName,
			LastActivityAt: t.LastActivityAt, Visibility: t.Visibility, ReplyCount: t.ReplyCount, LikeCount: t.LikeCount,
			ReadCount: t.ReadCount, UnreadCount: t.UnreadCount,
		}
		for _, tag := range t.Tags {
			it.Tags = append(it.Tags, tagItem{Slug: tag.Slug, Name: tag.Name})
		}
		items[i] = it
	}
	var err error
	d.RowsHTML, err = renderItems(s, p, "threads", "thread-row", items, (*threadRowItem).key, (*threadRowItem).inputs)
	return err
}
