package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

func TestMailPrefs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p, err := db.FindMailPrefs(ctx, f.anne.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.For(allmenning.NotifyMention) != allmenning.MailImmediate || p.For(allmenning.NotifyLike) != allmenning.MailDigest || p.Digest != allmenning.DigestWeekly {
			t.Errorf("a member who chose nothing has %+v, want the defaults", p)
		}
		p.Kinds[allmenning.NotifyMention] = allmenning.MailOff
		p.Kinds[allmenning.NotifyLike] = allmenning.MailImmediate
		p.Digest = allmenning.DigestDaily
		if err := db.SaveMailPrefs(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindMailPrefs(ctx, f.anne.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.For(allmenning.NotifyMention) != allmenning.MailOff || got.For(allmenning.NotifyLike) != allmenning.MailImmediate ||
			got.For(allmenning.NotifyReply) != allmenning.MailImmediate || got.Digest != allmenning.DigestDaily {
			t.Errorf("saved prefs read back as %+v", got)
		}
		// Saving again replaces, and Berit is not affected.
		got.Kinds[allmenning.NotifyMention] = allmenning.MailDigest
		if err := db.SaveMailPrefs(ctx, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.FindMailPrefs(ctx, f.anne.ID); again.For(allmenning.NotifyMention) != allmenning.MailDigest {
			t.Errorf("second save not stored: %+v", again)
		}
		if b, _ := db.FindMailPrefs(ctx, f.berit.ID); b.For(allmenning.NotifyMention) != allmenning.MailImmediate || b.Digest != allmenning.DigestWeekly {
			t.Errorf("Berit's prefs changed: %+v", b)
		}
		bad := allmenning.DefaultMailPrefs(f.anne.ID)
		bad.Kinds[allmenning.NotifyReply] = "loud"
		if err := db.SaveMailPrefs(ctx, bad); allmenning.ErrorCode(err) != allmenning.EINVALID {
			t.Errorf("invalid setting saved: %v", err)
		}
	})
}

func TestUnsubscribeToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		now := time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)
		secret, hash := allmenning.NewSecret()
		if err := db.CreateUnsubscribeToken(ctx, allmenning.UnsubscribeToken{Hash: hash, MemberID: f.anne.ID, What: allmenning.NotifyMention, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		_, digestHash := allmenning.NewSecret()
		if err := db.CreateUnsubscribeToken(ctx, allmenning.UnsubscribeToken{Hash: digestHash, MemberID: f.anne.ID, What: allmenning.UnsubscribeDigest, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUnsubscribeToken(ctx, allmenning.UnsubscribeToken{Hash: "x", MemberID: f.anne.ID, What: "everything", CreatedAt: now}); allmenning.ErrorCode(err) != allmenning.EINVALID {
			t.Errorf("token for an unknown kind: %v", err)
		}
		tok, err := db.FindUnsubscribeToken(ctx, allmenning.HashSecret(secret))
		if err != nil || tok.MemberID != f.anne.ID || tok.What != allmenning.NotifyMention || tok.UsedAt != nil {
			t.Fatalf("found %+v, %v", tok, err)
		}
		if _, err := db.FindUnsubscribeToken(ctx, allmenning.HashSecret("nope")); allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
			t.Errorf("unknown token: %v", err)
		}
		used, err := db.Unsubscribe(ctx, hash, now.Add(time.Hour))
		if err != nil || used.UsedAt == nil {
			t.Fatalf("unsubscribe: %+v, %v", used, err)
		}
		p, _ := db.FindMailPrefs(ctx, f.anne.ID)
		if p.For(allmenning.NotifyMention) != allmenning.MailOff || p.For(allmenning.NotifyReply) != allmenning.MailImmediate || p.Digest != allmenning.DigestWeekly {
			t.Errorf("after unsubscribing from mentions: %+v", p)
		}
		// Using the link twice is fine and keeps the first use.
		again, err := db.Unsubscribe(ctx, hash, now.Add(2*time.Hour))
		if err != nil || !again.UsedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("second use: %+v, %v", again, err)
		}
		if _, err := db.Unsubscribe(ctx, digestHash, now); err != nil {
			t.Fatal(err)
		}
		if p, _ := db.FindMailPrefs(ctx, f.anne.ID); p.Digest != allmenning.DigestNever {
			t.Errorf("digest after unsubscribing: %q", p.Digest)
		}
		if b, _ := db.FindMailPrefs(ctx, f.berit.ID); b.Digest != allmenning.DigestWeekly || b.For(allmenning.NotifyMention) != allmenning.MailImmediate {
			t.Errorf("Berit was unsubscribed too: %+v", b)
		}
	})
}

func TestDigestBookkeeping(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		due := func(freq, period string) []int64 {
			t.Helper()
			list, err := db.FindDueDigests(ctx, freq, period, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, d := range list {
				ids = append(ids, d.MemberID)
			}
			return ids
		}
		all := []int64{f.anne.ID, f.berit.ID, f.ola.ID, f.mona.ID}
		if got := due(allmenning.DigestWeekly, "w2026-10"); !slices.Equal(got, all) {
			t.Errorf("weekly due %v, want everyone %v", got, all)
		}
		if got := due(allmenning.DigestDaily, "d2026-03-02"); len(got) != 0 {
			t.Errorf("daily due %v, want nobody by default", got)
		}
		p := allmenning.DefaultMailPrefs(f.berit.ID)
		p.Digest = allmenning.DigestDaily
		if err := db.SaveMailPrefs(ctx, p); err != nil {
			t.Fatal(err)
		}
		p = allmenning.DefaultMailPrefs(f.ola.ID)
		p.Digest = allmenning.DigestNever
		if err := db.SaveMailPrefs(ctx, p); err != nil {
			t.Fatal(err)
		}
		sent := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
		if err := db.RecordDigest(ctx, f.anne.ID, "w2026-10", &sent); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordDigest(ctx, f.mona.ID, "w2026-10", nil); err != nil {
			t.Fatal(err)
		}
		if got := due(allmenning.DigestWeekly, "w2026-10"); len(got) != 0 {
			t.Errorf("weekly due after recording %v, want none", got)
		}
		if got := due(allmenning.DigestDaily, "d2026-03-02"); !slices.Equal(got, []int64{f.berit.ID}) {
			t.Errorf("daily due %v, want Berit", got)
		}
		next, err := db.FindDueDigests(ctx, allmenning.DigestWeekly, "w2026-11", 0, 100)
		if err != nil || len(next) != 2 || next[0].MemberID != f.anne.ID || next[0].LastSentAt == nil || !next[0].LastSentAt.Equal(sent) || next[1].LastSentAt != nil {
			t.Errorf("next week due %+v, %v: want Anne (sent %v) and Mona (never sent)", next, err, sent)
		}
		if after, _ := db.FindDueDigests(ctx, allmenning.DigestWeekly, "w2026-11", f.anne.ID, 100); len(after) != 1 || after[0].MemberID != f.mona.ID {
			t.Errorf("due after Anne: %+v", after)
		}
		last, err := db.FindLastDigest(ctx, f.anne.ID)
		if err != nil || last == nil || !last.Equal(sent) {
			t.Errorf("last digest of Anne %v, %v", last, err)
		}
		if last, err := db.FindLastDigest(ctx, f.mona.ID); err != nil || last != nil {
			t.Errorf("last digest of Mona %v, %v: want never", last, err)
		}
		if last, err := db.FindLastDigest(ctx, f.ola.ID); err != nil || last != nil {
			t.Errorf("last digest of Ola %v, %v: want never", last, err)
		}
		// Choosing a frequency keeps the bookkeeping.
		p = allmenning.DefaultMailPrefs(f.anne.ID)
		p.Digest = allmenning.DigestDaily
		if err := db.SaveMailPrefs(ctx, p); err != nil {
			t.Fatal(err)
		}
		if last, _ := db.FindLastDigest(ctx, f.anne.ID); last == nil || !last.Equal(sent) {
			t.Errorf("last digest lost when the frequency changed: %v", last)
		}
	})
}

func TestFindUnansweredMatching(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.useClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
		since := c.now()
		c.add(time.Hour)
		q := func(author *allmenning.Member, title string, tags []string, vis allmenning.Visibility) *allmenning.Thread {
			return f.thread(t, author, allmenning.NewThread{Kind: allmenning.KindQuestion, Title: title, Tags: tags, Visibility: vis})
		}
		byTag := q(f.anne, "Hva gjør dere i påsken?", []string{"skole"}, allmenning.VisMembers)
		byTitle := q(f.anne, "Beredskap når strømmen går", nil, allmenning.VisMembers)
		byTitleCase := q(f.anne, "ØVELSE i kriseledelse", nil, allmenning.VisMembers)
		private := q(f.anne, "Skole og foreldre i Trondheim", []string{"skole"}, allmenning.VisMunicipality)
		answered := q(f.anne, "Skole: besvart allerede", []string{"skole"}, allmenning.VisMembers)
		f.reply(t, f.berit, answered.ID, "Svar")
		q(f.anne, "Noe helt annet", nil, allmenning.VisMembers)
		f.thread(t, f.anne, allmenning.NewThread{Title: "Skole, men en diskusjon", Tags: []string{"skole"}})
		own := q(f.ola, "Skole hos Ola selv", []string{"skole"}, allmenning.VisMembers)
		c.set(since.Add(-time.Hour))
		q(f.anne, "Skole, men for gammelt", []string{"skole"}, allmenning.VisMembers)

		comps := []string{"skole", "beredskap", "øvelse"}
		got, err := db.FindUnansweredMatching(ctx, f.other, f.ola.ID, comps, since, 10)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{byTitleCase.ID, byTitle.ID, byTag.ID}; !slices.Equal(ids(got...), want) {
			t.Errorf("Ola (Bergen) gets %v, want %v (newest first; not the Trondheim-only, answered, own, old or non-question)", ids(got...), want)
		}
		got, _ = db.FindUnansweredMatching(ctx, f.same, f.berit.ID, comps, since, 10)
		if !slices.Contains(ids(got...), private.ID) || !slices.Contains(ids(got...), own.ID) {
			t.Errorf("Berit (Trondheim) gets %v, want the Trondheim-only question %d and Ola's %d too", ids(got...), private.ID, own.ID)
		}
		if got, _ := db.FindUnansweredMatching(ctx, f.same, f.berit.ID, nil, since, 10); len(got) != 0 {
			t.Errorf("no competences gives %v", ids(got...))
		}
		if got, _ := db.FindUnansweredMatching(ctx, f.same, f.berit.ID, comps, since, 1); len(got) != 1 {
			t.Errorf("limit 1 gives %d", len(got))
		}
	})
}
