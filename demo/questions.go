package demo

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/markdown"
	"github.com/allmenning/allmenning/workday"
)

// SeedQuestion is one demo question with its answers, votes, comments and
// expert request. People are named by e-mail address, which must be one of
// People.
//
// Answers are timed in working hours after the question was asked, so that
// whether an expert answered in time does not depend on the weekday the
// demo is loaded: the SLA report shows the same outcome every time.
type SeedQuestion struct {
	Author     string // e-mail
	Area       string // slug of a leaf in allmenning.DefaultAreas
	Title      string
	Body       string // Markdown
	Tags       []string
	Visibility allmenning.Visibility
	DaysAgo    int  // when the question was asked, in days before now
	Expert     bool // «Be om ekspertsvar»
	ClaimedBy  string
	Answers    []SeedAnswer
	Accepted   int    // the accepted answer's number (from 1), 0 for none
	FAQ        bool   // promoted to the area's FAQ (needs Accepted)
	Duplicate  string // title of the question this one duplicates
}

// SeedAnswer is an answer to a demo question.
type SeedAnswer struct {
	Author   string
	Body     string
	Hours    float64 // working hours after the question was asked
	Up, Down []string
	Comments []SeedComment
}

// SeedComment is a short comment on an answer.
type SeedComment struct {
	Author, Body string
}

// SeedExperts are the experts of one area.
type SeedExperts struct {
	Area   string // slug
	Emails []string
}

// Experts are the demo's expert advisers per knowledge area. An expert of a
// top-level area answers in its children too.
var Experts = []SeedExperts{
	{"arkivering", []string{hilde, eirik}},
	{"juridisk", []string{eirik}},
	{"krise", []string{lars}},
	{"etikk", []string{marit}},
	{"kampanje", []string{nora, synnove}},
	{"strategi", []string{thomas}},
	{"kildekode-og-samarbeid", []string{jon}},
}

// ResponseDays are the promised response times that differ from the
// default of two working days.
var ResponseDays = map[string]int{
	"krise":    1, // crises cannot wait two days
	"juridisk": 3, // the lawyers promise three
}

// ExpertAreas returns the names of the areas a demo member is an expert of,
// for the login list.
func ExpertAreas(email string) []string {
	names := map[string]string{}
	for _, a := range allmenning.DefaultAreas {
		names[a.Slug] = a.Name
		for _, c := range a.Children {
			names[c.Slug] = c.Name
		}
	}
	var out []string
	for _, e := range Experts {
		if slices.Contains(e.Emails, email) {
			out = append(out, names[e.Area])
		}
	}
	return out
}

// QuestionStore is what LoadQuestions writes to: a store keeping both
// discussions and questions.
type QuestionStore interface {
	allmenning.DiscussionStore
	allmenning.QuestionStore
}

// questionTimes returns when a question was asked and when each of its
// answers was written, for a loader running at now. i is the question's
// place in Questions; questions of the same day are a few minutes apart.
func questionTimes(q SeedQuestion, i int, now time.Time) (asked time.Time, answers []time.Time) {
	asked = now.AddDate(0, 0, -q.DaysAgo).Add(-time.Duration(len(Questions)-i) * 11 * time.Minute)
	cal := workday.Norway()
	for _, a := range q.Answers {
		answers = append(answers, cal.AddWorkingHours(asked, a.Hours))
	}
	return asked, answers
}

// LoadQuestions creates the demo questions unless there already are
// questions: the experts of the areas and their response times, the
// questions (some asking for an expert answer), answers, votes, comments,
// accepted answers, a duplicate and FAQ entries. It needs the demo members
// (Load) and the taxonomy in place, and returns how many questions it
// created. When the store has SetClock, everything is dated in the past, so
// that the expert queue and the SLA report show answers in time, late, and
// still waiting.
func LoadQuestions(ctx context.Context, store QuestionStore, members allmenning.Store, now time.Time) (int, error) {
	byEmail := make(map[string]*allmenning.Member, len(People))
	for _, p := range People {
		m, err := members.FindMemberByEmail(ctx, p.Email)
		if err != nil {
			return 0, fmt.Errorf("demo: member %s: %w", p.Email, err)
		}
		byEmail[p.Email] = m
	}
	for _, p := range People {
		m := byEmail[p.Email]
		v := allmenning.Viewer{MemberID: m.ID, Municipality: m.Municipality, Moderator: true}
		page, err := store.FindQuestions(ctx, v, allmenning.QuestionFilter{Limit: 1})
		if err != nil {
			return 0, fmt.Errorf("demo: find questions: %w", err)
		}
		if page.Total > 0 {
			return 0, nil
		}
	}
	who := func(email string) (*allmenning.Member, error) {
		if m := byEmail[email]; m != nil {
			return m, nil
		}
		return nil, fmt.Errorf("demo: %s is not a demo member", email)
	}

	for _, e := range Experts {
		area, err := store.FindAreaBySlug(ctx, e.Area)
		if err != nil {
			return 0, fmt.Errorf("demo: area %s: %w", e.Area, err)
		}
		var ids []int64
		for _, email := range e.Emails {
			m, err := who(email)
			if err != nil {
				return 0, err
			}
			ids = append(ids, m.ID)
		}
		if err := store.SetExperts(ctx, area.ID, ids); err != nil {
			return 0, fmt.Errorf("demo: experts of %s: %w", e.Area, err)
		}
	}
	for slug, days := range ResponseDays {
		area, err := store.FindAreaBySlug(ctx, slug)
		if err != nil {
			return 0, fmt.Errorf("demo: area %s: %w", slug, err)
		}
		if err := store.SetResponseDays(ctx, area.ID, days); err != nil {
			return 0, fmt.Errorf("demo: response time of %s: %w", slug, err)
		}
	}

	handles := map[string]int64{}
	resolve := func(handle string) (int64, bool) {
		if id, ok := handles[handle]; ok {
			return id, id != 0
		}
		m, err := store.FindMemberByHandle(ctx, handle)
		if err != nil || m == nil {
			handles[handle] = 0
			return 0, false
		}
		handles[handle] = m.ID
		return m.ID, true
	}
	md := markdown.New()

	clock, _ := store.(interface{ SetClock(func() time.Time) })
	latest := now.Add(-time.Minute)
	at := func(t time.Time) {
		if t.After(latest) {
			t = latest
		}
		if clock != nil {
			clock.SetClock(func() time.Time { return t })
		}
	}
	if clock != nil {
		defer clock.SetClock(time.Now)
	}

	order := make([]int, len(Questions))
	for i := range order {
		order[i] = i
	}
	asked := make([]time.Time, len(Questions))
	answerAt := make([][]time.Time, len(Questions))
	for i, q := range Questions {
		asked[i], answerAt[i] = questionTimes(q, i, now)
	}
	sort.SliceStable(order, func(a, b int) bool { return asked[order[a]].Before(asked[order[b]]) })

	ids := map[string]int64{}       // question id by title
	answers := map[string][]int64{} // answer ids by question title
	created := 0
	for _, i := range order {
		sq := Questions[i]
		fail := func(what string, err error) error {
			return fmt.Errorf("demo: question %q: %s: %w", sq.Title, what, err)
		}
		author, err := who(sq.Author)
		if err != nil {
			return created, fail("author", err)
		}
		nt := allmenning.NewThread{Kind: allmenning.KindQuestion, Title: sq.Title, Body: sq.Body,
			Area: sq.Area, Tags: sq.Tags, Visibility: sq.Visibility}
		if err := nt.Validate(); err != nil {
			return created, fail("validate", err)
		}
		res, err := md.Render(nt.Body, resolve)
		if err != nil {
			return created, fail("render", err)
		}
		at(asked[i])
		t, err := store.CreateThread(ctx, author, nt, res.HTML, res.Mentions)
		if err != nil {
			return created, fail("create", err)
		}
		created++
		ids[sq.Title] = t.ID
		if sq.Expert {
			if _, err := store.RequestExpert(ctx, author, t.ID); err != nil {
				return created, fail("expert request", err)
			}
		}
		if sq.ClaimedBy != "" {
			m, err := who(sq.ClaimedBy)
			if err != nil {
				return created, fail("claim", err)
			}
			at(asked[i].Add(20 * time.Minute))
			if _, err := store.ClaimQuestion(ctx, m, t.ID, true); err != nil {
				return created, fail("claim", err)
			}
		}
		for n, sa := range sq.Answers {
			m, err := who(sa.Author)
			if err != nil {
				return created, fail("answer", err)
			}
			nr := allmenning.NewReply{Body: sa.Body}
			if err := nr.Validate(); err != nil {
				return created, fail(fmt.Sprintf("answer %d", n+1), err)
			}
			res, err := md.Render(nr.Body, resolve)
			if err != nil {
				return created, fail(fmt.Sprintf("answer %d", n+1), err)
			}
			when := answerAt[i][n]
			at(when)
			r, err := store.CreateReply(ctx, m, t.ID, nr, res.HTML, res.Mentions)
			if err != nil {
				return created, fail(fmt.Sprintf("answer %d", n+1), err)
			}
			answers[sq.Title] = append(answers[sq.Title], r.ID)
			if _, err := store.RecordExpertAnswer(ctx, r.ID); err != nil {
				return created, fail(fmt.Sprintf("answer %d", n+1), err)
			}
			for k, c := range sa.Comments {
				cm, err := who(c.Author)
				if err != nil {
					return created, fail("comment", err)
				}
				at(when.Add(time.Duration(k+1) * 40 * time.Minute))
				if _, err := store.AddAnswerComment(ctx, cm, r.ID, c.Body); err != nil {
					return created, fail("comment", err)
				}
			}
			at(when.Add(2 * time.Hour))
			for _, list := range []struct {
				emails []string
				value  int
			}{{sa.Up, allmenning.VoteUp}, {sa.Down, allmenning.VoteDown}} {
				for _, email := range list.emails {
					voter, err := who(email)
					if err != nil {
						return created, fail("vote", err)
					}
					if _, err := store.SetVote(ctx, voter, r.ID, list.value); err != nil {
						return created, fail("vote by "+email, err)
					}
				}
			}
		}
		if sq.Accepted > 0 {
			if sq.Accepted > len(sq.Answers) {
				return created, fail("accept", fmt.Errorf("no answer %d", sq.Accepted))
			}
			at(answerAt[i][sq.Accepted-1].Add(3 * time.Hour))
			if _, err := store.AcceptAnswer(ctx, author, answers[sq.Title][sq.Accepted-1]); err != nil {
				return created, fail("accept", err)
			}
		}
	}

	// Duplicates and the FAQ, done by a moderator once everything exists.
	mod, err := who(ola)
	if err != nil {
		return created, err
	}
	at(now.Add(-30 * time.Minute))
	for _, sq := range Questions {
		if sq.Duplicate == "" {
			continue
		}
		orig, ok := ids[sq.Duplicate]
		if !ok {
			return created, fmt.Errorf("demo: question %q duplicates unknown %q", sq.Title, sq.Duplicate)
		}
		if _, err := store.MarkDuplicate(ctx, mod, ids[sq.Title], orig); err != nil {
			return created, fmt.Errorf("demo: question %q: duplicate: %w", sq.Title, err)
		}
	}
	for _, sq := range Questions {
		if sq.FAQ {
			if err := store.AddFAQ(ctx, mod, ids[sq.Title]); err != nil {
				return created, fmt.Errorf("demo: question %q: FAQ: %w", sq.Title, err)
			}
		}
	}
	return created, nil
}

// Questions are the demo questions. Bodies start at column 0: indentation
// would make Markdown code blocks.
var Questions = []SeedQuestion{
	// ── Arkivering (eksperter: Hilde Moe, Eirik Strand) ───────────────────
	{
		Author: per, Area: "arkivering", Visibility: membersOnly, DaysAgo: 95, Expert: true, ClaimedBy: hilde,
		Title: "Må vi arkivere private meldinger fra innbyggere på Facebook?",
		Tags:  []string{"Innbyggere"},
		Body: `Vi får stadig flere henvendelser i Messenger: spørsmål om søknader, klager på brøyting og av og til opplysninger om enkeltsaker. I dag svarer den som har vakt, og så blir meldingen liggende der.

Er private meldinger til kommunens side arkivpliktige på samme måte som e-post? Og hvis ja – hvordan får dere dem inn i sak/arkiv uten å kopiere alt for hånd?`,
		Answers: []SeedAnswer{
			{Author: hilde, Hours: 5, Up: []string{per, eirik, anne, ingrid}, Body: `Ja. Arkivplikten følger innholdet, ikke kanalen. En melding som er saksbehandling eller har verdi som dokumentasjon, skal arkiveres – også i Messenger.

Slik gjør vi det i Bodø:

1. Vakta vurderer hver henvendelse: **ren veiledning** («når er biblioteket åpent?») arkiveres ikke.
2. Henvendelser som gjelder en sak, eksporteres som PDF og journalføres i saken.
3. Vi svarer med en standardtekst om at saken er sendt videre, og ber innbyggeren bruke e-post eller eDialog for vedlegg.

Det viktigste er en skriftlig rutine, så vakta slipper å gjøre vurderingen alene hver gang.`,
				Comments: []SeedComment{
					{per, "Takk! Har dere standardteksten liggende et sted vi kan låne?"},
					{hilde, "Den ligger i malbiblioteket under «Arkiv». Bare bruk den."},
				}},
			{Author: eirik, Hours: 9, Up: []string{hilde, per}, Body: `Eit tillegg: meldingar som er journalføringspliktige, er òg omfatta av innsynsretten etter offentleglova. Rutinen bør difor seie kven som avgjer om noko skal journalførast – ikkje berre korleis.`},
		},
		Accepted: 1, FAQ: true,
	},
	{
		Author: kari, Area: "arkivering", Visibility: membersOnly, DaysAgo: 60, Expert: true,
		Title: "Hvilket format bruker dere når dere eksporterer innlegg til Noark 5-arkivet?",
		Tags:  []string{"Kommunikasjonsrådgiver"},
		Body: `Vi skal endelig begynne å arkivere innlegg og kommentarer fra Facebook-siden og Instagram. Arkivet ønsker PDF/A, men da mister vi lenker, video og hvem som har likt hva.

Hva leverer dere til arkivet, og hva har arkivet godtatt?`,
		Answers: []SeedAnswer{
			{Author: hilde, Hours: 26, Up: []string{kari, per}, Body: `Beklager sent svar, vi har hatt arkivflytting denne uka.

Vi leverer **PDF/A** av innlegget med kommentarer slik det så ut ved avslutning, pluss originalfilene til bilder og video som egne dokumenter i samme journalpost. Likerklikk tar vi ikke vare på: de har ikke dokumentasjonsverdi.

Lenker skriver vi ut som fulle adresser i PDF-en, så de er lesbare selv om de slutter å virke.`},
			{Author: thomas, Hours: 28, Body: `Vi bruker eksportfunksjonen i Meta Business Suite og lar arkivet konvertere. Fungerer greit, men krever at noen husker å gjøre det hver måned.`},
		},
		Accepted: 1,
	},
	{
		Author: anne, Area: "arkivering", Visibility: membersOnly, DaysAgo: 150,
		Title: "Skal kommentarer vi skjuler i kommentarfeltet arkiveres?",
		Tags:  []string{"Innbyggere"},
		Body:  `Vi skjuler kommentarer som bryter kommentarreglene våre, for eksempel personangrep og reklame. Må vi ta vare på dem? Og hva med kommentarer vi sletter helt?`,
		Answers: []SeedAnswer{
			{Author: per, Hours: 3, Up: []string{anne}, Body: `Vi tar skjermbilde av alt vi skjuler og legger det i en mappe. Om det holder juridisk, vet jeg ikke.`},
			{Author: eirik, Hours: 6, Up: []string{anne, per, hilde, marit}, Body: `Ein skjult eller sletta kommentar kan vere dokumentasjon på korleis kommunen har handsama ytringar. Eg tilrår:

- **Arkiver** kommentarar de skjuler eller slettar fordi dei bryt reglane, med dato og kva regel dei braut.
- Reklame og openberr spam treng de ikkje ta vare på.
- Skriv dette inn i kommentarreglane, så innbyggjarane veit det.

Skjermbilete i ei mappe er betre enn ingenting, men det bør inn i arkivet.`,
				Comments: []SeedComment{{anne, "Veldig nyttig. Vi oppdaterer kommentarreglene."}}},
		},
		Accepted: 2, FAQ: true,
	},
	{
		Author: aslak, Area: "arkivering", Visibility: membersOnly, DaysAgo: 0, Expert: true, ClaimedBy: hilde,
		Title: "Hvor lenge må vi ta vare på direktesendte kommunestyremøter?",
		Tags:  []string{"Innbyggere"},
		Body:  `Vi har begynt å sende kommunestyremøtene direkte på Facebook og YouTube. Må opptakene arkiveres, og i tilfelle hvor lenge? Vi har ikke plass til å lagre alt for alltid.`,
	},
	{
		Author: synnove, Area: "arkivering", Visibility: membersOnly, DaysAgo: 40,
		Title: "Arkivering av meldingar i Messenger",
		Body:  `Skal vi arkivere meldingane innbyggjarane sender oss i Messenger? Kven har ein god rutine for dette?`,
		Answers: []SeedAnswer{
			{Author: kari, Hours: 2, Body: `Dette er spurt før – se det godkjente svaret fra Hilde i spørsmålet om private meldinger på Facebook.`},
		},
		Duplicate: "Må vi arkivere private meldinger fra innbyggere på Facebook?",
	},

	// ── Juridisk (ekspert: Eirik Strand, svartid tre arbeidsdager) ─────────
	{
		Author: marit, Area: "juridisk", Visibility: membersOnly, DaysAgo: 80, Expert: true,
		Title: "Kan vi blokkere en innbygger som trakasserer ansatte i kommentarfeltet?",
		Tags:  []string{"Leder"},
		Body: `En innbygger skriver nedsettende kommentarer om navngitte ansatte i nesten hvert innlegg vi publiserer. Vi skjuler kommentarene, men han lager nye profiler.

Har vi lov til å blokkere ham? Han mener selv at det er brudd på ytringsfriheten.`,
		Answers: []SeedAnswer{
			{Author: eirik, Hours: 3, Up: []string{marit, anne, lars, ola}, Body: `Kort svar: ja, men gjer det etter reglar de har publisert på førehand.

- Kommunen kan ikkje stengje nokon ute på grunn av **meininga** deira. Kritikk av kommunen, òg sterk kritikk, skal stå.
- Trakassering av namngjevne tilsette, truslar og personangrep er ikkje verna på same måte, og kommunen har eit ansvar som arbeidsgjevar.
- Dokumenter kvar kommentar, vis til regelen som er broten, og gje gjerne ei åtvaring før blokkering.

Sjå òg på om forholdet bør meldast til politiet.`,
				Comments: []SeedComment{
					{marit, "Vi hadde ikke tenkt på arbeidsgiveransvaret. Det hjelper oss å forklare det internt."},
					{ola, "Vi har en mal for advarsel før blokkering, om noen vil ha den."},
				}},
			{Author: per, Hours: 7, Down: []string{lars}, Body: `Vi blokkerer bare og lar det være med det. Det er vår side.`,
				Comments: []SeedComment{{eirik, "Det er risikabelt: ei blokkering utan grunngjeving kan bli vurdert som forskjellsbehandling."}}},
		},
		Accepted: 1, FAQ: true,
	},
	{
		Author: jon, Area: "juridisk", Visibility: membersOnly, DaysAgo: 14, Expert: true, ClaimedBy: eirik,
		Title: "Gjelder offentleglova for meldinger vi får på Instagram?",
		Tags:  []string{"Barn og unge"},
		Body:  `Ungdomsrådet vårt har en Instagram-konto der ungdom sender meldinger. En journalist har bedt om innsyn i meldingene. Gjelder offentleglova for dem, og hvordan håndterer vi at avsenderne er mindreårige?`,
		Answers: []SeedAnswer{
			{Author: kari, Hours: 4, Up: []string{jon}, Body: `Vi fikk et liknende krav i fjor. Vi behandlet det som et vanlig innsynskrav og vurderte hver melding. Men vent gjerne på en jurist her.`},
		},
	},
	{
		Author: nora, Area: "juridisk", Visibility: membersOnly, DaysAgo: 120, Expert: true,
		Title: "Trenger vi samtykke for å publisere bilder fra 17. mai-toget?",
		Tags:  []string{"17. mai", "Barn og unge"},
		Body:  `Vi vil legge ut bilder fra barnetoget på 17. mai. Det er hundrevis av barn på bildene, og vi kan umulig spørre alle foreldrene. Hva er regelen?`,
		Answers: []SeedAnswer{
			{Author: anne, Hours: 2, Body: `Vi skriver i programmet at det blir tatt bilder, og at de som ikke vil være med kan si fra til fotografen.`, Up: []string{nora}},
			{Author: eirik, Hours: 30, Up: []string{nora, synnove, ingrid}, Body: `Orsak at svaret kjem seint.

Bilete av folkemengder frå eit offentleg arrangement kan som hovudregel publiserast utan samtykke, så lenge ingen enkeltpersonar er hovudmotivet. **Portrett** av enkeltbarn krev samtykke frå foreldra.

Praktisk: ta oversiktsbilete, unngå namn i bilettekstar, og fjern bilete raskt om nokon ber om det.`},
		},
		Accepted: 2,
	},
	{
		Author: thomas, Area: "juridisk", Visibility: membersOnly, DaysAgo: 45,
		Title: "Må personvernerklæringen nevne Facebook-siden?",
		Body:  `Kommunens personvernerklæring handler om nettsiden og fagsystemene. Må Facebook-siden, Instagram og LinkedIn også nevnes der?`,
		Answers: []SeedAnswer{
			{Author: per, Hours: 5, Up: []string{thomas}, Body: `Vi har et eget avsnitt om sosiale medier i erklæringen, med lenke til plattformenes egne vilkår.`},
			{Author: kari, Hours: 8, Body: `Datatilsynet har skrevet om felles behandlingsansvar med Facebook. Verdt å lese før dere skriver avsnittet.`},
		},
	},

	// ── Krise (ekspert: Lars Dahl, svartid én arbeidsdag) ─────────────────
	{
		Author: ola, Area: "beredskap", Visibility: membersOnly, DaysAgo: 70, Expert: true,
		Title: "Hvem bør ha administratortilgang til kommunens kontoer utenom arbeidstid?",
		Tags:  []string{"Leder"},
		Body:  `Bydelene har egne sider, og administratortilgangene er spredt på mange. I en krise en lørdag kveld er det uklart hvem som faktisk kan logge inn. Hvordan har dere organisert dette?`,
		Answers: []SeedAnswer{
			{Author: lars, Hours: 2, Up: []string{ola, aslak, nora}, Body: `Tre regler hos oss:

1. **Minst to administratorer** på hver konto, og den ene er alltid beredskapsvakta.
2. En oversikt over alle kontoer med eier og administratorer, gjennomgått hvert halvår.
3. Innlogging testes ved hver vaktoverlevering.

Tofaktorinnlogging på en delt vakttelefon gjør at vakta alltid kommer inn.`},
		},
		Accepted: 1,
	},
	{
		Author: aslak, Area: "krisehandtering", Visibility: membersOnly, DaysAgo: 50, Expert: true,
		Title: "Hvordan varsler dere innbyggere uten smarttelefon ved kokevarsel?",
		Tags:  []string{"Eldre", "Helse", "Driftsmelding"},
		Body:  `Ved forrige kokevarsel nådde vi de fleste via SMS og Facebook, men mange eldre fikk det med seg først dagen etter. Hva gjør dere for dem som ikke er på nett?`,
		Answers: []SeedAnswer{
			{Author: synnove, Hours: 1, Up: []string{aslak}, Body: `Vi ringjer heimebuande som er registrerte i heimetenesta, og lokalradioen les opp varselet.`},
			{Author: lars, Hours: 12, Up: []string{aslak, synnove, thomas}, Body: `Beklager at svaret kom dagen etter – vi hadde selv en hendelse.

Varsling til fasttelefon etter adresse er det som virker best for eldre. Sjekk at leverandøren av SMS-varsling også ringer fasttelefoner, og at registeret over innbyggere som trenger hjelp er oppdatert.`},
		},
		Accepted: 2,
	},
	{
		Author: thomas, Area: "krisehandtering", Visibility: membersOnly, DaysAgo: 0, Expert: true,
		Title: "Bør vi skru av kommentarfeltet under en pågående krise?",
		Tags:  []string{"Driftsmelding"},
		Body:  `Vi har en pågående sak med forurenset drikkevann, og kommentarfeltet fylles av spekulasjoner. Bør vi stenge kommentarene på innleggene om saken, eller svekker det tilliten?`,
	},
	{
		Author: kari, Area: "krisehandtering", Visibility: membersOnly, DaysAgo: 10, Expert: true,
		Title: "Mal for første melding når en vei stenges brått?",
		Tags:  []string{"Samferdsel", "Driftsmelding"},
		Body:  `Vi trenger en kort mal for første melding når en kommunal vei stenges på grunn av ras eller ulykke. Har noen en mal som fungerer på både nettsiden og Facebook?`,
	},

	// ── Etikk (ekspert: Marit Olsen) ──────────────────────────────────────
	{
		Author: jon, Area: "etikk", Visibility: membersOnly, DaysAgo: 100, Expert: true,
		Title: "Hvordan svarer vi på kritikk av en navngitt ansatt i kommentarfeltet?",
		Tags:  []string{"Leder", "Innbyggere"},
		Body:  `En innbygger kritiserte en navngitt saksbehandler i en kommentar. Kritikken var saklig nok, men den ansatte ble svært belastet. Skal vi svare, skjule kommentaren eller noe annet?`,
		Answers: []SeedAnswer{
			{Author: marit, Hours: 4, Up: []string{jon, anne, per, kari, lars}, Body: `Dette har jeg dessverre erfaring med.

- **Svar på saken, ikke på personen.** Skriv at kommunen står bak vedtaket, og at innbyggeren kan ta kontakt direkte.
- Skjul kommentaren hvis den bryter kommentarreglene – navngiving av ansatte bør stå der som et brudd.
- Ring den ansatte samme dag. Det er lederen som må ta det, ikke kommunikasjonsavdelingen.`,
				Comments: []SeedComment{{anne, "Punktet om at lederen må ringe, burde stå i alle rutiner."}}},
		},
		Accepted: 1, FAQ: true,
	},
	{
		Author: kari, Area: "etikk", Visibility: membersOnly, DaysAgo: 200,
		Title: "Er det greit at ordføreren deler partipolitikk på kommunens side?",
		Tags:  []string{"Leder"},
		Body:  `Ordføreren vil gjerne bruke kommunens Facebook-side til innlegg som ligger tett opptil partiprogrammet. Hvor går grensen, og hvem bør si fra?`,
		Answers: []SeedAnswer{
			{Author: ingrid, Hours: 3, Up: []string{kari, marit, ola}, Body: `Kommunens kanaler er for kommunens informasjon, ikke for partipolitikk. Ordføreren kan fortelle om vedtak og kommunens arbeid, men politiske utspill hører hjemme på ordførerens egne kontoer. Få det skrevet inn i retningslinjene, så er det ikke din personlige vurdering.`},
			{Author: thomas, Hours: 5, Down: []string{anne}, Body: `Ordføreren er valgt av innbyggerne, så jeg synes han bør få bruke siden som han vil.`},
		},
		Accepted: 1,
	},

	// ── Kampanje (eksperter: Nora Johansen, Synnøve Vik) ──────────────────
	{
		Author: anne, Area: "kampanje", Visibility: membersOnly, DaysAgo: 35, Expert: true,
		Title: "Hvor mye bør vi budsjettere for annonsering av en rekrutteringskampanje?",
		Tags:  []string{"Helse"},
		Body:  `Vi skal rekruttere sykepleiere til sommeren og vil annonsere på Facebook og Instagram. Ledelsen spør hvor mye vi trenger. Hva har dere brukt, og hva fikk dere igjen?`,
		Answers: []SeedAnswer{
			{Author: nora, Hours: 6, Up: []string{anne, thomas}, Body: `Vi brukte 15 000 kroner over tre uker på en tilsvarende kampanje i Tromsø og fikk 40 søkere, mot 12 året før. Tips:

- Bruk **video med egne ansatte**, ikke bildebank.
- Start smalt geografisk og utvid om det går tregt.
- Mål søknader, ikke klikk.`,
				Comments: []SeedComment{{thomas, "Enig i å måle søknader. Klikk sier nesten ingenting her."}}},
		},
		Accepted: 1,
	},
	{
		Author: aslak, Area: "kampanje", Visibility: membersOnly, DaysAgo: 25, Expert: true,
		Title: "Hvordan får vi ungdom til å svare på en høring?",
		Tags:  []string{"Barn og unge", "Høring"},
		Body:  `Vi har en høring om en ny ungdomsplan, men nesten ingen under 20 har svart. Hvordan når vi dem?`,
		Answers: []SeedAnswer{
			{Author: synnove, Hours: 5, Up: []string{aslak, nora}, Body: `Vi fekk over hundre svar då vi gjekk via skulane: ti minutt i klasserommet med ei enkel spørjeundersøking på mobil, i staden for eit høyringsnotat. Lag ein kort video med ungdomsrådet som forklarer kvifor det betyr noko.`},
		},
	},
	{
		Author: per, Area: "kampanje", Visibility: public, DaysAgo: 12,
		Title: "Fungerer TikTok for kommunal informasjon?",
		Tags:  []string{"Barn og unge"},
		Body:  `Ungdomsklubben vil at kommunen skal begynne på TikTok. Har noen gjort det, og var det verdt innsatsen?`,
	},

	// ── Strategi (ekspert: Thomas Hansen) ─────────────────────────────────
	{
		Author: ingrid, Area: "strategi-for-sosiale-medier", Visibility: membersOnly, DaysAgo: 85, Expert: true,
		Title: "Hvilke tall rapporterer dere til ledelsen hver måned?",
		Tags:  []string{"Leder"},
		Body:  `Rådmannen vil ha en månedlig rapport om sosiale medier. Jeg vil unngå en side med rekkevidde og likerklikk som ingen leser. Hva rapporterer dere?`,
		Answers: []SeedAnswer{
			{Author: thomas, Hours: 7, Up: []string{ingrid, ola, nora}, Body: `Vi rapporterer fire tall, og bare fire:

| Tall | Hvorfor |
|---|---|
| Henvendelser besvart i kanalene | viser at vi avlaster sentralbordet |
| Median svartid | det innbyggerne merker |
| Andel innlegg med klikk til nettsiden | om vi leder folk til riktig sted |
| Saker løst uten telefon | gevinsten |

Rekkevidde tar vi bare med når vi har kjørt en kampanje.`,
				Comments: []SeedComment{{ingrid, "Dette stjeler jeg rett inn i malen vår."}}},
		},
		Accepted: 1,
	},
	{
		Author: marit, Area: "hvorfor-sosiale-medier", Visibility: membersOnly, DaysAgo: 55, Expert: true,
		Title: "Hvordan forankrer vi sosiale medier i ledergruppen?",
		Tags:  []string{"Leder"},
		Body:  `Etter at vi la ned Facebook-siden er ledergruppen skeptisk. Hva har overbevist ledelsen hos dere?`,
		Answers: []SeedAnswer{
			{Author: thomas, Hours: 21, Up: []string{marit, ingrid}, Body: `Tall fra egen kommune. Vi viste hvor mange telefoner sentralbordet fikk under en driftsstans, og hvor mange færre det ble da vi la ut en oppdatering hver time. Det argumentet har ingen ledere avvist.`},
		},
		Accepted: 1,
	},

	// ── Kildekode og samarbeid (ekspert: Jon Bakken) ──────────────────────
	{
		Author: hilde, Area: "kildekode-og-samarbeid", Visibility: membersOnly, DaysAgo: 30, Expert: true,
		Title: "Deler noen kommuner et verktøy for å hente innlegg til arkivet?",
		Tags:  []string{"Fagansvarlig"},
		Body:  `Vi henter innlegg og kommentarer fra Facebook for hånd hver måned. Har noen laget et skript eller verktøy som andre kommuner kan bruke?`,
		Answers: []SeedAnswer{
			{Author: jon, Hours: 4, Up: []string{hilde, per}, Body: `Vi i Porsgrunn har et lite verktøy som henter innlegg og kommentarer via Graph API og lager PDF/A per måned. Koden er åpen, og vi tar gjerne imot endringer. Send meg en melding, så legger jeg deg til i samarbeidsgruppen.`},
		},
		Accepted: 1,
	},
	{
		Author: kari, Area: "strategi-for-sosiale-medier", Visibility: municipality, DaysAgo: 8,
		Title: "Hvem tar over sidene våre i fellesferien?",
		Tags:  []string{"Sommerferie"},
		Body:  `Jeg er borte i ukene 28–30. Hvem i Lillestrøm kan ta over moderering og svar på sidene våre da? Skriv under om dere har mulighet.`,
	},
}
