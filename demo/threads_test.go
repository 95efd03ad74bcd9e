package demo

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/markdown"
)

func peopleByEmail() map[string]Person {
	m := make(map[string]Person, len(People))
	for _, p := range People {
		m[p.Email] = p
	}
	return m
}

func leafAreas() map[string]bool {
	leaves := map[string]bool{}
	for _, a := range allmenning.DefaultAreas {
		for _, c := range a.Children {
			leaves[c.Slug] = true
		}
	}
	return leaves
}

func TestThreadsCountAndAreas(t *testing.T) {
	if len(Threads) < 45 {
		t.Errorf("%d threads, want at least 45", len(Threads))
	}
	leaves := leafAreas()
	used := map[string]int{}
	for _, th := range Threads {
		if !leaves[th.Area] {
			t.Errorf("%q: area %q is not a leaf of DefaultAreas", th.Title, th.Area)
		}
		used[th.Area]++
	}
	for slug := range leaves {
		if used[slug] == 0 {
			t.Errorf("area %s has no threads", slug)
		}
	}
	t.Logf("threads per area: %v", used)
}

func TestThreadsRequiredTitles(t *testing.T) {
	titles := map[string]bool{}
	for _, th := range Threads {
		if titles[th.Title] {
			t.Errorf("title %q used twice", th.Title)
		}
		titles[th.Title] = true
	}
	for _, want := range []string{
		"Hvordan håndterer dere sjikane i kommentarfeltet?",
		"Mal for retningslinjer for ansattes bruk av sosiale medier",
		"Hva arkiverer dere fra Facebook-siden?",
	} {
		if !titles[want] {
			t.Errorf("missing thread %q", want)
		}
	}
}

func TestThreadsPeople(t *testing.T) {
	people := peopleByEmail()
	known := func(where, email string) {
		t.Helper()
		if _, ok := people[email]; !ok {
			t.Errorf("%s: %s is not a demo member", where, email)
		}
	}
	for _, th := range Threads {
		known(th.Title, th.Author)
		seen := map[string]bool{}
		for _, l := range th.Likers {
			known(th.Title+" liker", l)
			if l == th.Author {
				t.Errorf("%q: the author likes their own thread", th.Title)
			}
			if seen[l] {
				t.Errorf("%q: %s likes twice", th.Title, l)
			}
			seen[l] = true
		}
		for n, r := range th.Replies {
			known(th.Title+" reply", r.Author)
			for _, l := range r.Likers {
				known(th.Title+" reply liker", l)
				if l == r.Author {
					t.Errorf("%q reply %d: the author likes their own reply", th.Title, n+1)
				}
			}
		}
		read := map[string]bool{}
		for _, rd := range th.Readers {
			known(th.Title+" reader", rd.Email)
			if read[rd.Email] {
				t.Errorf("%q: %s reads twice", th.Title, rd.Email)
			}
			read[rd.Email] = true
			if rd.DaysAgo < 0 || rd.DaysAgo > th.DaysAgo {
				t.Errorf("%q: %s reads %d days ago, thread started %d days ago", th.Title, rd.Email, rd.DaysAgo, th.DaysAgo)
			}
		}
	}
}

// Nobody may take part in a thread they cannot see.
func TestThreadsMunicipalityOnly(t *testing.T) {
	people := peopleByEmail()
	for _, th := range Threads {
		if th.Visibility != allmenning.VisMunicipality {
			continue
		}
		mun := people[th.Author].Municipality
		same := func(what, email string) {
			if people[email].Municipality != mun {
				t.Errorf("%q is for municipality %s only, but %s %s is in %s", th.Title, mun, what, email, people[email].Municipality)
			}
		}
		for _, r := range th.Replies {
			same("replier", r.Author)
			for _, l := range r.Likers {
				same("liker", l)
			}
		}
		for _, l := range th.Likers {
			same("liker", l)
		}
		for _, rd := range th.Readers {
			same("reader", rd.Email)
		}
	}
}

func TestThreadsTagsAndVisibility(t *testing.T) {
	terms := map[string]bool{}
	for _, f := range allmenning.DefaultFacets {
		for _, term := range f.Terms {
			terms[term] = true
		}
	}
	split := map[allmenning.Visibility]int{}
	for _, th := range Threads {
		if len(th.Tags) > 3 {
			t.Errorf("%q: %d tags, want at most 3", th.Title, len(th.Tags))
		}
		for _, tag := range th.Tags {
			if !terms[tag] {
				t.Errorf("%q: tag %q is not a term of DefaultFacets", th.Title, tag)
			}
		}
		if !th.Visibility.Valid() {
			t.Errorf("%q: visibility %q", th.Title, th.Visibility)
		}
		split[th.Visibility]++
		nt := allmenning.NewThread{Title: th.Title, Body: th.Body, Area: th.Area, Tags: th.Tags, Visibility: th.Visibility}
		if err := nt.Validate(); err != nil {
			t.Errorf("%q: %v", th.Title, err)
		}
		if th.DaysAgo < 0 || th.DaysAgo > 400 {
			t.Errorf("%q: %d days ago, want 0–400", th.Title, th.DaysAgo)
		}
		if len(th.Replies) > 8 {
			t.Errorf("%q: %d replies, want at most 8", th.Title, len(th.Replies))
		}
	}
	if split[allmenning.VisPublic] < 8 || split[allmenning.VisMunicipality] < 6 || split[allmenning.VisMembers] < 25 {
		t.Errorf("visibility split %v", split)
	}
	t.Logf("visibility split: %v", split)
}

// The lists per week, month and year must differ.
func TestThreadsSpreadInTime(t *testing.T) {
	var week, month, year, older, recentReads int
	for _, th := range Threads {
		switch {
		case th.DaysAgo <= 7:
			week++
		case th.DaysAgo <= 30:
			month++
		case th.DaysAgo <= 365:
			year++
		default:
			older++
		}
		for _, rd := range th.Readers {
			if rd.DaysAgo <= 7 && th.DaysAgo > 30 {
				recentReads++
			}
		}
	}
	if week < 3 || month < 3 || year < 20 || older < 2 {
		t.Errorf("threads by age: week %d, month %d, year %d, older %d", week, month, year, older)
	}
	if recentReads == 0 {
		t.Error("no older thread was read in the last week")
	}
}

func TestRepliesQuoteWhatTheyAnswer(t *testing.T) {
	total := 0
	for _, th := range Threads {
		for i, r := range th.Replies {
			total++
			n := i + 1
			if r.ReplyTo < 0 || r.ReplyTo >= n {
				t.Errorf("%q reply %d: ReplyTo %d is not an earlier reply", th.Title, n, r.ReplyTo)
				continue
			}
			if r.ReplyTo == 0 {
				continue
			}
			first, _, _ := strings.Cut(r.Body, "\n")
			quote, ok := strings.CutPrefix(first, "> ")
			if !ok {
				t.Errorf("%q reply %d answers reply %d but does not start with a quote", th.Title, n, r.ReplyTo)
				continue
			}
			if !strings.Contains(th.Replies[r.ReplyTo-1].Body, quote) {
				t.Errorf("%q reply %d quotes %q, which reply %d does not say", th.Title, n, quote, r.ReplyTo)
			}
		}
	}
	t.Logf("%d replies", total)
}

func TestHandle(t *testing.T) {
	for name, want := range map[string]string{
		"Ingrid Haugen": "ingrid.haugen",
		"Synnøve Vik":   "synnove.vik",
		"Ærlig Åsmund":  "aerlig.asmund",
	} {
		if got := Handle(name); got != want {
			t.Errorf("Handle(%q) = %q, want %q", name, got, want)
		}
	}
}

var mentionRe = regexp.MustCompile(`(^|[^\p{L}\p{N}])@([\p{L}\p{N}._-]+)`)

func TestThreadsRenderAndMentions(t *testing.T) {
	ids := map[string]int64{}
	for i, p := range People {
		ids[Handle(p.Name)] = int64(i + 1)
	}
	resolve := func(h string) (int64, bool) {
		id, ok := ids[h]
		return id, ok
	}
	md := markdown.New()
	mentions := 0
	check := func(where, body string) {
		t.Helper()
		if strings.TrimSpace(body) == "" {
			t.Errorf("%s: empty body", where)
			return
		}
		res, err := md.Render(body, resolve)
		if err != nil {
			t.Errorf("%s: %v", where, err)
		}
		if strings.Contains(res.HTML, "<pre>") {
			t.Errorf("%s: renders a code block; is a line indented?", where)
		}
		for _, m := range mentionRe.FindAllStringSubmatch(body, -1) {
			mentions++
			h := strings.TrimRight(m[2], ".-")
			id, ok := ids[h]
			if !ok {
				t.Errorf("%s: @%s is not a demo member", where, h)
			} else if !slices.Contains(res.Mentions, id) {
				t.Errorf("%s: @%s was not rendered as a mention", where, h)
			}
		}
	}
	for _, th := range Threads {
		check(th.Title, th.Body)
		for i, r := range th.Replies {
			check(fmt.Sprintf("%s reply %d", th.Title, i+1), r.Body)
		}
	}
	if mentions < 10 {
		t.Errorf("%d mentions, want at least 10", mentions)
	}
}

func TestThreadsNynorsk(t *testing.T) {
	people := peopleByEmail()
	n := 0
	for _, th := range Threads {
		if people[th.Author].Language == "nn" {
			n++
		}
	}
	if n < 5 {
		t.Errorf("%d threads by nynorsk writers, want at least 5", n)
	}
}

// fakeMembers and fakeDiscussions stand in for the stores: they implement
// only what LoadThreads calls (the embedded nil interfaces panic otherwise).
type fakeMembers struct {
	allmenning.Store
	byEmail map[string]*allmenning.Member
}

func (f *fakeMembers) FindMemberByEmail(_ context.Context, email string) (*allmenning.Member, error) {
	if m, ok := f.byEmail[email]; ok {
		return m, nil
	}
	return nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
}

type fakeDiscussions struct {
	allmenning.DiscussionStore
	members  *fakeMembers
	threads  []*allmenning.Thread
	replies  map[int64]int // thread id → replies
	mentions int
	likes    int
	reads    []time.Time
}

func (f *fakeDiscussions) FindThreads(_ context.Context, v allmenning.Viewer, _ allmenning.ThreadFilter) (*allmenning.ThreadPage, error) {
	n := 0
	for _, t := range f.threads {
		if t.Visibility != allmenning.VisMunicipality || t.Municipality == v.Municipality {
			n++
		}
	}
	return &allmenning.ThreadPage{Total: n}, nil
}

func (f *fakeDiscussions) FindMemberByHandle(_ context.Context, handle string) (*allmenning.Member, error) {
	for _, m := range f.members.byEmail {
		if Handle(m.Name) == handle {
			return m, nil
		}
	}
	return nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.member.not_found")
}

func (f *fakeDiscussions) CreateThread(_ context.Context, author *allmenning.Member, nt allmenning.NewThread, html string, mentions []int64) (*allmenning.Thread, error) {
	if html == "" {
		return nil, fmt.Errorf("no HTML for %q", nt.Title)
	}
	t := &allmenning.Thread{ID: int64(len(f.threads) + 1), AuthorID: author.ID, Municipality: author.Municipality, Title: nt.Title, Visibility: nt.Visibility}
	f.threads = append(f.threads, t)
	f.mentions += len(mentions)
	return t, nil
}

func (f *fakeDiscussions) CreateReply(_ context.Context, author *allmenning.Member, threadID int64, r allmenning.NewReply, html string, mentions []int64) (*allmenning.Reply, error) {
	f.replies[threadID]++
	if r.ReplyTo >= f.replies[threadID] {
		return nil, fmt.Errorf("reply %d answers %d", f.replies[threadID], r.ReplyTo)
	}
	f.mentions += len(mentions)
	return &allmenning.Reply{ID: threadID*100 + int64(f.replies[threadID]), ThreadID: threadID, Number: f.replies[threadID], AuthorID: author.ID}, nil
}

func (f *fakeDiscussions) SetLike(_ context.Context, m *allmenning.Member, kind string, id int64, on bool) (int, error) {
	f.likes++
	return 1, nil
}

func (f *fakeDiscussions) RecordRead(_ context.Context, memberID, threadID int64, upTo int, now time.Time) error {
	if upTo != f.replies[threadID] {
		return fmt.Errorf("thread %d read up to %d of %d", threadID, upTo, f.replies[threadID])
	}
	f.reads = append(f.reads, now)
	return nil
}

func TestLoadThreads(t *testing.T) {
	ctx := context.Background()
	members := &fakeMembers{byEmail: map[string]*allmenning.Member{}}
	for i, p := range People {
		members.byEmail[p.Email] = &allmenning.Member{ID: int64(i + 1), Email: p.Email, Name: p.Name, Municipality: p.Municipality, Status: allmenning.StatusActive}
	}
	store := &fakeDiscussions{members: members, replies: map[int64]int{}}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

	n, err := LoadThreads(ctx, store, members, now)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(Threads) || len(store.threads) != len(Threads) {
		t.Fatalf("created %d (%d stored), want %d", n, len(store.threads), len(Threads))
	}
	// Oldest first.
	days := map[string]int{}
	for _, th := range Threads {
		days[th.Title] = th.DaysAgo
	}
	for i := 1; i < len(store.threads); i++ {
		if days[store.threads[i-1].Title] < days[store.threads[i].Title] {
			t.Errorf("%q created before the older %q", store.threads[i-1].Title, store.threads[i].Title)
		}
	}
	var replies, likes, reads int
	for _, th := range Threads {
		replies += len(th.Replies)
		likes += len(th.Likers)
		for _, r := range th.Replies {
			likes += len(r.Likers)
		}
		reads += len(th.Readers)
	}
	total := 0
	for _, c := range store.replies {
		total += c
	}
	if total != replies || store.likes != likes || len(store.reads) != reads {
		t.Errorf("replies %d/%d, likes %d/%d, reads %d/%d", total, replies, store.likes, likes, len(store.reads), reads)
	}
	if store.mentions < 10 {
		t.Errorf("%d mentions resolved", store.mentions)
	}
	oldest := now
	for _, at := range store.reads {
		if at.After(now) {
			t.Errorf("read at %v, after now", at)
		}
		if at.Before(oldest) {
			oldest = at
		}
	}
	if now.Sub(oldest) < 300*24*time.Hour {
		t.Errorf("oldest read %v, want reads spread over the year", oldest)
	}

	// A second load leaves the threads alone.
	if n, err := LoadThreads(ctx, store, members, now); err != nil || n != 0 {
		t.Errorf("second load: %d, %v", n, err)
	}
}
