// Package markdown renders members' Markdown to safe HTML: goldmark parses
// (with tables, strikethrough and autolinks), @mentions become links to
// profiles, and bluemonday removes anything that could run script.
package markdown

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Resolver finds the member behind a mention handle.
type Resolver func(handle string) (id int64, ok bool)

// Renderer turns Markdown into sanitised HTML. It is safe for concurrent use.
type Renderer struct {
	policy *bluemonday.Policy
}

// New returns a Renderer.
func New() *Renderer {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("a")
	p.AllowAttrs("start").OnElements("ol")
	return &Renderer{policy: p}
}

// Result is rendered HTML and the members it mentions.
type Result struct {
	HTML     string
	Mentions []int64
}

var mentionsCtxKey = parser.NewContextKey()

// Render renders src. resolve may be nil, then @mentions stay plain text.
func (r *Renderer) Render(src string, resolve Resolver) (Result, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithInlineParsers(util.Prioritized(&mentionParser{resolve: resolve}, 500)),
		),
	)
	ctx := parser.NewContext()
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf, parser.WithContext(ctx)); err != nil {
		return Result{}, err
	}
	res := Result{HTML: r.policy.Sanitize(buf.String())}
	if ids, ok := ctx.Get(mentionsCtxKey).([]int64); ok {
		res.Mentions = ids
	}
	return res, nil
}

// mentionParser turns @handle into a link to the member's profile.
type mentionParser struct {
	resolve Resolver
}

func (p *mentionParser) Trigger() []byte { return []byte{'@'} }

func (p *mentionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if p.resolve == nil {
		return nil
	}
	if prev := block.PrecendingCharacter(); unicode.IsLetter(prev) || unicode.IsDigit(prev) {
		return nil // an e-mail address, not a mention
	}
	line, seg := block.PeekLine()
	i := 1
	for i < len(line) {
		r, size := utf8.DecodeRune(line[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			i += size
			continue
		}
		break
	}
	for i > 1 && (line[i-1] == '.' || line[i-1] == '-') {
		i-- // a trailing full stop ends the sentence, not the handle
	}
	if i <= 1 {
		return nil
	}
	handle := string(line[1:i])
	id, ok := p.resolve(handle)
	if !ok {
		return nil
	}
	block.Advance(i)
	link := ast.NewLink()
	link.Destination = []byte("/medlemmer/" + strconv.FormatInt(id, 10))
	link.SetAttributeString("class", []byte("mention"))
	link.AppendChild(link, ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+i)))
	ids, _ := pc.Get(mentionsCtxKey).([]int64)
	for _, existing := range ids {
		if existing == id {
			return link
		}
	}
	pc.Set(mentionsCtxKey, append(ids, id))
	return link
}
