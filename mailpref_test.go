package allmenning

import (
	"testing"
	"time"
)

func TestDefaultMailPrefs(t *testing.T) {
	p := DefaultMailPrefs(7)
	want := map[string]string{
		NotifyMention: MailImmediate, NotifyReply: MailImmediate, NotifyAnswer: MailImmediate,
		NotifyAccepted: MailDigest, NotifyExpertQueue: MailDigest, NotifyEscalation: MailDigest,
		NotifyLike: MailDigest, NotifyNewThread: MailDigest,
	}
	for kind, setting := range want {
		if got := p.For(kind); got != setting {
			t.Errorf("default for %s = %s, want %s", kind, got, setting)
		}
	}
	if len(p.Kinds) != len(want) || len(MailKinds) != len(want) {
		t.Errorf("%d kinds, want %d", len(p.Kinds), len(want))
	}
	if p.Digest != DigestWeekly {
		t.Errorf("default digest %q, want weekly", p.Digest)
	}
	if got := p.For("unknown"); got != MailOff {
		t.Errorf("unknown kind = %q, want off", got)
	}
}

func TestMailPrefsValidate(t *testing.T) {
	tests := []struct {
		name   string
		p      MailPrefs
		fields []string
	}{
		{"empty takes defaults", MailPrefs{}, nil},
		{"every setting", MailPrefs{Kinds: map[string]string{NotifyMention: MailOff, NotifyLike: MailImmediate, NotifyReply: MailDigest}, Digest: DigestDaily}, nil},
		{"never", MailPrefs{Digest: DigestNever}, nil},
		{"unknown setting", MailPrefs{Kinds: map[string]string{NotifyMention: "sometimes"}}, []string{"kind_mention"}},
		{"unknown kind", MailPrefs{Kinds: map[string]string{"gossip": MailOff}}, []string{"kind_gossip"}},
		{"unknown frequency", MailPrefs{Digest: "hourly"}, []string{"digest"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			fields := Fields(err)
			if len(fields) != len(tt.fields) {
				t.Fatalf("errors %v, want fields %v", fields, tt.fields)
			}
			for _, f := range tt.fields {
				if fields[f] == "" {
					t.Errorf("no error for %s: %v", f, fields)
				}
			}
			if err == nil {
				for _, k := range MailKinds {
					if tt.p.Kinds[k] == "" {
						t.Errorf("kind %s not filled in", k)
					}
				}
			}
		})
	}
}

func TestDigestPeriod(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skip("no time zone data")
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, oslo)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		freq, now, key, start string
	}{
		// 2026-03-02 is a Monday.
		{DigestDaily, "2026-03-04 07:00", "d2026-03-04", "2026-03-04 07:00"},
		{DigestDaily, "2026-03-04 06:59", "d2026-03-03", "2026-03-03 07:00"},
		{DigestDaily, "2026-03-04 23:30", "d2026-03-04", "2026-03-04 07:00"},
		{DigestWeekly, "2026-03-02 07:00", "w2026-10", "2026-03-02 07:00"},
		{DigestWeekly, "2026-03-02 06:59", "w2026-09", "2026-02-23 07:00"},
		{DigestWeekly, "2026-03-08 23:59", "w2026-10", "2026-03-02 07:00"},
		{DigestWeekly, "2026-03-09 08:00", "w2026-11", "2026-03-09 07:00"},
		// Summer time starts on 29 March 2026: 07:00 is still 07:00 in Norway.
		{DigestWeekly, "2026-03-30 07:05", "w2026-14", "2026-03-30 07:00"},
		{DigestDaily, "2026-03-29 07:00", "d2026-03-29", "2026-03-29 07:00"},
		// New year: ISO week 1 of 2027 starts on Monday 4 January.
		{DigestWeekly, "2027-01-03 12:00", "w2026-53", "2026-12-28 07:00"},
	}
	for _, tt := range tests {
		key, start := DigestPeriod(tt.freq, at(tt.now).UTC(), oslo)
		if key != tt.key || !start.Equal(at(tt.start)) {
			t.Errorf("DigestPeriod(%s, %s) = %s, %s; want %s, %s", tt.freq, tt.now, key, start.In(oslo).Format("2006-01-02 15:04"), tt.key, tt.start)
		}
	}
	if key, _ := DigestPeriod(DigestNever, time.Now(), oslo); key != "" {
		t.Errorf("never has period %q", key)
	}
}

func TestAuthorizeMail(t *testing.T) {
	member := &Member{ID: 1, Status: StatusActive}
	other := &Member{ID: 2, Status: StatusActive}
	mod := &Member{ID: 3, Status: StatusActive, Roles: []Grant{{Role: RoleModerator}}}
	op := &Member{ID: 4, Status: StatusActive, Roles: []Grant{{Role: RoleOperator}}}
	admin := &Member{ID: 5, Status: StatusActive, Roles: []Grant{{Role: RoleMunicipalityAdmin, Municipality: "5001"}}}
	suspendedMod := &Member{ID: 6, Status: StatusSuspended, Roles: []Grant{{Role: RoleModerator}}}
	tests := []struct {
		name   string
		actor  *Member
		action Action
		target Target
		code   string
	}{
		{"own settings", member, ActEditMailPrefs, Target{Member: member}, ""},
		{"someone else's settings", member, ActEditMailPrefs, Target{Member: other}, EFORBIDDEN},
		{"settings anonymous", nil, ActEditMailPrefs, Target{}, EUNAUTHORIZED},
		{"moderator picks topic", mod, ActPickTopic, Target{}, ""},
		{"operator picks topic", op, ActPickTopic, Target{}, ""},
		{"member may not pick", member, ActPickTopic, Target{}, EFORBIDDEN},
		{"municipality admin may not pick", admin, ActPickTopic, Target{}, EFORBIDDEN},
		{"anonymous may not pick", nil, ActPickTopic, Target{}, EUNAUTHORIZED},
		{"suspended moderator may not pick", suspendedMod, ActPickTopic, Target{}, EFORBIDDEN},
		{"other actions go to Authorize", member, ActViewDirectory, Target{}, ""},
	}
	for _, tt := range tests {
		err := AuthorizeMail(tt.actor, tt.action, tt.target)
		if got := ErrorCode(err); (err == nil && tt.code != "") || (err != nil && got != tt.code) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.code)
		}
	}
}

func TestTopicRules(t *testing.T) {
	long := make([]rune, TopicIntroMaxLength+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name   string
		n      NewTopic
		fields []string
	}{
		{"fine", NewTopic{ThreadID: 1, Intro: "  Les denne  "}, nil},
		{"no thread", NewTopic{Intro: "x"}, []string{"thread"}},
		{"no intro", NewTopic{ThreadID: 1, Intro: "  "}, []string{"intro"}},
		{"long intro", NewTopic{ThreadID: 1, Intro: string(long)}, []string{"intro"}},
	}
	for _, tt := range tests {
		fields := Fields(tt.n.Validate())
		if len(fields) != len(tt.fields) {
			t.Errorf("%s: %v, want %v", tt.name, fields, tt.fields)
		}
		for _, f := range tt.fields {
			if fields[f] == "" {
				t.Errorf("%s: no error for %s", tt.name, f)
			}
		}
	}
	now := time.Now()
	for _, tt := range []struct {
		v    Visibility
		del  *time.Time
		want string
	}{
		{VisPublic, nil, ""}, {VisMembers, nil, ""},
		{VisMunicipality, nil, "mail.topic.error.municipality_only"},
		{VisPublic, &now, "mail.topic.error.deleted"},
	} {
		err := TopicEligible(&Thread{Visibility: tt.v, DeletedAt: tt.del})
		if got := Fields(err)["thread"]; got != tt.want {
			t.Errorf("TopicEligible(%s, deleted %v) = %q, want %q", tt.v, tt.del != nil, got, tt.want)
		}
	}
}

func TestUnsubscribeKey(t *testing.T) {
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	secret, key := NewUnsubscribeSecret(at)
	if len(secret) != 12+1+43 || secret[:13] != "01a202974dc0." { // 1,795,339,800,000 ms
		t.Fatalf("secret %q: want the time in 12 hex digits, a dot and 43 characters", secret)
	}
	if key != UnsubscribeKey(secret) || key != secret[:13]+HashSecret(secret) {
		t.Errorf("key %q is not the stamp and the hash of the secret", key)
	}
	if again, key2 := NewUnsubscribeSecret(at); again == secret || key2 == key {
		t.Error("two secrets made at the same time are equal")
	}
	tests := []struct {
		name   string
		secret string
		want   string
	}{
		{"without stamp, as links were made before", "c2VjcmV0LXdpdGhvdXQtc3RhbXAtMDEyMzQ1Njc4OWFi", HashSecret("c2VjcmV0LXdpdGhvdXQtc3RhbXAtMDEyMzQ1Njc4OWFi")},
		{"stamped", "01a202974dc0.abc", "01a202974dc0." + HashSecret("01a202974dc0.abc")},
		{"dot in another place", "01a202974dc.abcd", HashSecret("01a202974dc.abcd")},
		{"empty", "", HashSecret("")},
	}
	for _, tt := range tests {
		if got := UnsubscribeKey(tt.secret); got != tt.want {
			t.Errorf("%s: UnsubscribeKey(%q) = %q, want %q", tt.name, tt.secret, got, tt.want)
		}
	}
	// Keys sort as the links were made, whatever the random part: new keys
	// go to the end of the index.
	prev := ""
	for _, when := range []time.Time{at, at.Add(time.Millisecond), at.Add(time.Second), at.Add(time.Hour), at.AddDate(0, 0, 1), at.AddDate(1, 0, 0), at.AddDate(5000, 0, 0)} {
		_, k := NewUnsubscribeSecret(when)
		if k <= prev {
			t.Errorf("key made at %v sorts before the one made before it: %q <= %q", when, k, prev)
		}
		prev = k
	}
}
