package web

import (
	"bytes"
	"html/template"
	"strconv"
	"time"

	"github.com/allmenning/allmenning"
)

// fragmentCacheBytes bounds the memory of rendered replies and answers.
const fragmentCacheBytes = 32 << 20

// replyItem is all that a reply's entry on the thread page shows, with what
// the viewer may do with it. Its key holds every field.
type replyItem struct {
	ThreadID   int64
	ID         int64
	Number     int
	Deleted    bool
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	ReplyToNum int
	Edited     bool
	BodyHTML   string
	PostActions
}

// PostActions are a post's likes and what the viewer may do with it: the
// same for a reply and for a thread's first post.
type PostActions struct {
	LikeCount  int
	Liked      bool
	ShowLike   bool // a like button; otherwise the count alone
	CanQuote   bool
	CanEdit    bool
	CanDelete  bool
	CanRestore bool
}

func (a *PostActions) key(k *fragmentKey) {
	k.int(int64(a.LikeCount)).bool(a.Liked).bool(a.ShowLike).bool(a.CanQuote).bool(a.CanEdit).bool(a.CanDelete).bool(a.CanRestore)
}

func (it *replyItem) key(k *fragmentKey) {
	k.int(it.ThreadID).int(it.ID).int(int64(it.Number)).bool(it.Deleted).int(it.AuthorID).str(it.AuthorName).
		time(it.CreatedAt).int(int64(it.ReplyToNum)).bool(it.Edited).str(it.BodyHTML)
	it.PostActions.key(k)
}

// answerItem is all that an answer's entry on the question page shows.
type answerItem struct {
	ID         int64
	Number     int
	Deleted    bool
	Accepted   bool
	Expert     bool
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	Edited     bool
	BodyHTML   string
	LikeCount  int
	Liked      bool
	Vote       *voteWidget // nil for a deleted answer
	Comments   []commentItem
	ShowLike   bool
	CanAccept  bool
	CanEdit    bool
	CanDelete  bool
	CanRestore bool
	CanComment bool
	// CommentErr is the error of this answer's comment field when the page
	// is shown again after a failed comment, CommentValue what was typed.
	CommentErr   string
	CommentValue string
}

type commentItem struct {
	Body       string
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
}

func (it *answerItem) key(k *fragmentKey) {
	k.int(it.ID).int(int64(it.Number)).bool(it.Deleted).bool(it.Accepted).bool(it.Expert).int(it.AuthorID).
		str(it.AuthorName).time(it.CreatedAt).bool(it.Edited).str(it.BodyHTML).int(int64(it.LikeCount)).bool(it.Liked)
	if v := it.Vote; v != nil {
		k.bool(true).int(v.AnswerID).int(int64(v.Number)).int(int64(v.Score)).int(int64(v.MyVote)).bool(v.CanVote).
			bool(v.CanDown).str(v.Next)
	} else {
		k.bool(false)
	}
	k.int(int64(len(it.Comments)))
	for _, c := range it.Comments {
		k.str(c.Body).int(c.AuthorID).str(c.AuthorName).time(c.CreatedAt)
	}
	k.bool(it.ShowLike).bool(it.CanAccept).bool(it.CanEdit).bool(it.CanDelete).bool(it.CanRestore).bool(it.CanComment).
		str(it.CommentErr).str(it.CommentValue)
}

// inputs are the item's texts that members wrote.
func (it *answerItem) inputs() []string {
	in := []string{it.AuthorName, it.BodyHTML, it.CommentValue}
	for _, c := range it.Comments {
		in = append(in, c.Body, c.AuthorName)
	}
	return in
}

// itemData is what the item templates receive: the item and a page with no
// more than the language, the CSRF token (or its placeholder) and the path
// (the like button's way back) — the rest of the key.
type itemData[T any] struct {
	P    *Page
	Item T
}

// renderItems renders the items with the template name of page set
// through the fragment cache, into one piece of HTML for p.
func renderItems[T any](s *Server, p *Page, set, name string, items []T, key func(T, *fragmentKey), inputs func(T) []string) (template.HTML, error) {
	t := s.pages.pages[set]
	list := s.pages.fragments.list(p.CSRF)
	k := &fragmentKey{}
	for _, it := range items {
		k.b = k.b[:0]
		k.str(name).str(p.L.Lang).str(p.Path)
		key(it, k)
		err := list.add(k.b, inputs(it), func(csrf string) ([]byte, error) {
			var buf bytes.Buffer
			err := t.ExecuteTemplate(&buf, name, itemData[T]{P: &Page{L: p.L, CSRF: csrf, Path: p.Path}, Item: it})
			return buf.Bytes(), err
		})
		if err != nil {
			return "", err
		}
	}
	return list.HTML(), nil
}

// replyItems are the replies of a thread page as its viewer sees them.
func replyItems(d *threadData) []*replyItem {
	items := make([]*replyItem, len(d.Replies))
	for i, r := range d.Replies {
		own := d.MeID == r.AuthorID
		it := &replyItem{
			ThreadID: d.Thread.ID, ID: r.ID, Number: r.Number, Deleted: r.DeletedAt != nil, AuthorID: r.AuthorID,
			AuthorName: r.AuthorName, CreatedAt: r.CreatedAt, ReplyToNum: r.ReplyToNum, Edited: r.EditedAt != nil,
			BodyHTML: r.BodyHTML, PostActions: PostActions{LikeCount: r.LikeCount},
		}
		if it.Deleted {
			it.CanRestore = d.CanMod
		} else {
			it.ShowLike = d.CanLike && !own
			it.Liked = it.ShowLike && r.LikedByMe
			it.CanQuote = d.CanReply
			it.CanEdit = own || d.CanMod || d.CanEditOthers
			it.CanDelete = own || d.CanMod
		}
		items[i] = it
	}
	return items
}

// fillReplies renders the thread page's replies into d.RepliesHTML.
func (s *Server) fillReplies(p *Page, d *threadData) error {
	var err error
	d.RepliesHTML, err = renderItems(s, p, "thread", "reply-item", replyItems(d),
		(*replyItem).key, func(it *replyItem) []string { return []string{it.AuthorName, it.BodyHTML} })
	return err
}

// answerItems are the answers of a question page as its viewer sees them.
func answerItems(p *Page, d *questionData) []*answerItem {
	items := make([]*answerItem, len(d.Answers))
	for i, a := range d.Answers {
		own := d.MeID == a.AuthorID
		it := &answerItem{
			ID: a.ID, Number: a.Number, Deleted: a.DeletedAt != nil, Accepted: a.Accepted, Expert: a.Expert,
			AuthorID: a.AuthorID, AuthorName: a.AuthorName, CreatedAt: a.CreatedAt, Edited: a.EditedAt != nil,
			BodyHTML: a.BodyHTML, LikeCount: a.LikeCount, Vote: a.Vote,
		}
		for _, c := range a.Comments {
			it.Comments = append(it.Comments, commentItem{Body: c.Body, AuthorID: c.AuthorID, AuthorName: c.AuthorName, CreatedAt: c.CreatedAt})
		}
		if it.Deleted {
			it.CanRestore = d.CanMod
		} else {
			it.ShowLike = d.CanLike && !own
			it.Liked = it.ShowLike && a.LikedByMe
			it.CanAccept = d.CanAccept && !a.Accepted
			it.CanEdit = own || d.CanEditOther
			it.CanDelete = own || d.CanMod
			it.CanComment = d.CanComment
		}
		if it.CanComment && p.Form != nil {
			if msg := p.Form.Err("comment-" + strconv.FormatInt(a.ID, 10)); msg != "" {
				it.CommentErr, it.CommentValue = msg, p.Form.Get("comment")
			}
		}
		items[i] = it
	}
	return items
}

// fillAnswers renders the question page's answers into d.AnswersHTML.
func (s *Server) fillAnswers(p *Page, d *questionData) error {
	var err error
	d.AnswersHTML, err = renderItems(s, p, "question", "answer-item", answerItems(p, d), (*answerItem).key, (*answerItem).inputs)
	return err
}

// threadHeadItem is what the thread page shows above the follow buttons:
// the breadcrumbs and the head of the first post. Its key holds every field.
type threadHeadItem struct {
	ID         int64
	AreaSlug   string
	AreaName   string
	Title      string
	Deleted    bool
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	Edited     bool
	Visibility allmenning.Visibility
	Tags       []tagItem
}

type tagItem struct{ Slug, Name string }

// keyTags adds a list of tags to a fragment key: how many, then each.
func keyTags(k *fragmentKey, tags []tagItem) {
	k.int(int64(len(tags)))
	for _, t := range tags {
		k.str(t.Slug).str(t.Name)
	}
}

// tagInputs appends the tags' slugs and names to a fragment's inputs.
func tagInputs(in []string, tags []tagItem) []string {
	for _, t := range tags {
		in = append(in, t.Slug, t.Name)
	}
	return in
}

func (it *threadHeadItem) key(k *fragmentKey) {
	k.int(it.ID).str(it.AreaSlug).str(it.AreaName).str(it.Title).bool(it.Deleted).int(it.AuthorID).str(it.AuthorName).
		time(it.CreatedAt).bool(it.Edited).str(string(it.Visibility))
	keyTags(k, it.Tags)
}

func (it *threadHeadItem) inputs() []string {
	return tagInputs([]string{it.AreaSlug, it.AreaName, it.Title, it.AuthorName}, it.Tags)
}

// threadPostItem is what the thread page shows below the follow buttons:
// the first post's body and what the viewer may do with it.
type threadPostItem struct {
	ID       int64
	BodyHTML string
	PostActions
}

func (it *threadPostItem) key(k *fragmentKey) {
	k.int(it.ID).str(it.BodyHTML)
	it.PostActions.key(k)
}

// threadItems are the two parts of a thread page's first post as its viewer
// sees them.
func threadItems(d *threadData) (*threadHeadItem, *threadPostItem) {
	t := d.Thread
	head := &threadHeadItem{
		ID: t.ID, AreaSlug: t.AreaSlug, AreaName: t.AreaName, Title: t.Title, Deleted: t.DeletedAt != nil,
		AuthorID: t.AuthorID, AuthorName: t.AuthorName, CreatedAt: t.CreatedAt, Edited: t.EditedAt != nil,
		Visibility: t.Visibility,
	}
	for _, tag := range t.Tags {
		head.Tags = append(head.Tags, tagItem{Slug: tag.Slug, Name: tag.Name})
	}
	post := &threadPostItem{ID: t.ID, BodyHTML: t.BodyHTML, PostActions: PostActions{
		LikeCount:  t.LikeCount,
		ShowLike:   d.CanLike && d.MeID != t.AuthorID,
		CanQuote:   d.CanReply,
		CanEdit:    d.CanEdit,
		CanDelete:  d.CanDelete && t.DeletedAt == nil,
		CanRestore: d.CanMod && t.DeletedAt != nil,
	}}
	post.Liked = post.ShowLike && t.LikedByMe
	return head, post
}

// fillThread renders the thread page's first post into d.HeadHTML and
// d.PostHTML.
func (s *Server) fillThread(p *Page, d *threadData) error {
	head, post := threadItems(d)
	var err error
	if d.HeadHTML, err = renderItems(s, p, "thread", "thread-head", []*threadHeadItem{head}, (*threadHeadItem).key, (*threadHeadItem).inputs); err != nil {
		return err
	}
	d.PostHTML, err = renderItems(s, p, "thread", "thread-post", []*threadPostItem{post},
		(*threadPostItem).key, func(it *threadPostItem) []string { return []string{it.BodyHTML} })
	return err
}

// replyFormItem is what the reply form shows when it shows no errors but
// the field's own.
type replyFormItem struct {
	ThreadID int64
	ReplyTo  int
	Body     string // what the field holds: a quote, or what was typed
	BodyErr  string
}

func (it *replyFormItem) key(k *fragmentKey) {
	k.int(it.ThreadID).int(int64(it.ReplyTo)).str(it.Body).str(it.BodyErr)
}

// fillReplyForm renders the thread page's reply form into d.ReplyFormHTML:
// through the fragment cache, or with the whole page when the form has
// errors to sum up, which only a failed post shows.
func (s *Server) fillReplyForm(p *Page, d *threadData) error {
	if !d.CanReply {
		return nil
	}
	it := &replyFormItem{ThreadID: d.Thread.ID, ReplyTo: d.ReplyTo}
	if p.Form != nil {
		it.Body, it.BodyErr = p.Form.Get("body"), p.Form.Err("body")
		if p.Form.HasErrors() {
			var buf bytes.Buffer
			if err := s.pages.pages["thread"].ExecuteTemplate(&buf, "reply-form", itemData[*replyFormItem]{P: p, Item: it}); err != nil {
				return err
			}
			d.ReplyFormHTML = template.HTML(buf.String())
			return nil
		}
	}
	var err error
	d.ReplyFormHTML, err = renderItems(s, p, "thread", "reply-form", []*replyFormItem{it},
		(*replyFormItem).key, func(it *replyFormItem) []string { return []string{it.Body} })
	return err
}
