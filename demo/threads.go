package demo

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/markdown"
)

// SeedThread is one demo discussion with its replies, likes and readers.
// People are named by e-mail address, which must be one of People.
type SeedThread struct {
	Author     string // e-mail
	Area       string // slug of a leaf in allmenning.DefaultAreas
	Title      string
	Body       string   // Markdown
	Tags       []string // term names from allmenning.DefaultFacets
	Visibility allmenning.Visibility
	DaysAgo    int // when the thread was started, in days before now
	Replies    []SeedReply
	Likers     []string   // e-mails of members who like the first post
	Readers    []SeedRead // who read the thread, and when
}

// SeedReply is a reply in a demo thread. ReplyTo is the number (from 1) of
// an earlier reply it answers, 0 for the first post; a reply that answers
// another reply starts by quoting it.
type SeedReply struct {
	Author  string // e-mail
	Body    string // Markdown
	ReplyTo int
	Likers  []string
}

// SeedRead is a member who read a thread DaysAgo days before now.
type SeedRead struct {
	Email   string
	DaysAgo int
}

// Handle returns the mention handle of a name: "Synnøve Vik" → "synnove.vik".
func Handle(name string) string {
	var parts []string
	for _, w := range strings.Fields(name) {
		if s := allmenning.Slugify(w); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ".")
}

// LoadThreads creates the demo threads unless there already are threads. It
// needs the demo members (Load) and the taxonomy (EnsureTaxonomy) in place,
// and returns how many threads it created.
//
// Threads are created oldest first, so that ids and the order of creation
// follow DaysAgo. The store stamps created_at with its own clock, however, so
// every thread and reply is dated at load time: the days-ago offsets only
// reach the database through RecordRead, which takes the time of the read.
// That is enough for the «most read» lists per week, month and year to differ.
func LoadThreads(ctx context.Context, store allmenning.DiscussionStore, members allmenning.Store, now time.Time) (int, error) {
	byEmail := make(map[string]*allmenning.Member, len(People))
	for _, p := range People {
		m, err := members.FindMemberByEmail(ctx, p.Email)
		if err != nil {
			return 0, fmt.Errorf("demo: member %s: %w", p.Email, err)
		}
		byEmail[p.Email] = m
	}
	// An anonymous viewer sees only public threads, so ask as every demo
	// member in turn: together they see all that the demo would create.
	for _, p := range People {
		m := byEmail[p.Email]
		v := allmenning.Viewer{MemberID: m.ID, Municipality: m.Municipality, Moderator: true}
		page, err := store.FindThreads(ctx, v, allmenning.ThreadFilter{Limit: 1})
		if err != nil {
			return 0, fmt.Errorf("demo: find threads: %w", err)
		}
		if page.Total > 0 {
			return 0, nil
		}
	}

	handles := map[string]int64{}
	resolve := func(handle string) (int64, bool) {
		if id, ok := handles[handle]; ok {
			return id, id != 0
		}
		m, err := store.FindMemberByHandle(ctx, handle)
		if err != nil || m == nil {
			handles[handle] = 0 // not a member: the mention stays plain text
			return 0, false
		}
		handles[handle] = m.ID
		return m.ID, true
	}
	md := markdown.New()

	order := make([]int, len(Threads))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return Threads[order[a]].DaysAgo > Threads[order[b]].DaysAgo })

	// Date posts in the past when the store lets us set its clock.
	clock, _ := store.(interface{ SetClock(func() time.Time) })
	at := func(t time.Time) {
		if clock != nil {
			clock.SetClock(func() time.Time { return t })
		}
	}
	if clock != nil {
		defer clock.SetClock(time.Now)
	}

	created := 0
	for _, i := range order {
		st := Threads[i]
		posted := now.AddDate(0, 0, -st.DaysAgo).Add(-time.Duration(len(Threads)-created) * 7 * time.Minute)
		at(posted)
		author := byEmail[st.Author]
		if author == nil {
			return created, fmt.Errorf("demo: thread %q: unknown author %s", st.Title, st.Author)
		}
		nt := allmenning.NewThread{
			Kind: allmenning.KindDiscussion, Title: st.Title, Body: st.Body,
			Area: st.Area, Tags: st.Tags, Visibility: st.Visibility,
		}
		if err := nt.Validate(); err != nil {
			return created, fmt.Errorf("demo: thread %q: %w", st.Title, err)
		}
		res, err := md.Render(nt.Body, resolve)
		if err != nil {
			return created, fmt.Errorf("demo: thread %q: %w", st.Title, err)
		}
		t, err := store.CreateThread(ctx, author, nt, res.HTML, res.Mentions)
		if err != nil {
			return created, fmt.Errorf("demo: thread %q: %w", st.Title, err)
		}
		created++

		replyIDs := make([]int64, 0, len(st.Replies))
		for n, sr := range st.Replies {
			ra := byEmail[sr.Author]
			if ra == nil {
				return created, fmt.Errorf("demo: thread %q reply %d: unknown author %s", st.Title, n+1, sr.Author)
			}
			nr := allmenning.NewReply{Body: sr.Body, ReplyTo: sr.ReplyTo}
			if err := nr.Validate(); err != nil {
				return created, fmt.Errorf("demo: thread %q reply %d: %w", st.Title, n+1, err)
			}
			res, err := md.Render(nr.Body, resolve)
			if err != nil {
				return created, fmt.Errorf("demo: thread %q reply %d: %w", st.Title, n+1, err)
			}
			// Replies follow over the next hours, never later than now.
			replyAt := posted.Add(time.Duration(n+1) * 97 * time.Minute)
			if replyAt.After(now) {
				replyAt = now.Add(-time.Duration(len(st.Replies)-n) * time.Minute)
			}
			at(replyAt)
			r, err := store.CreateReply(ctx, ra, t.ID, nr, res.HTML, res.Mentions)
			if err != nil {
				return created, fmt.Errorf("demo: thread %q reply %d: %w", st.Title, n+1, err)
			}
			replyIDs = append(replyIDs, r.ID)
		}

		like := func(kind string, id int64, emails []string) error {
			for _, e := range emails {
				m := byEmail[e]
				if m == nil {
					return fmt.Errorf("demo: thread %q: unknown liker %s", st.Title, e)
				}
				if _, err := store.SetLike(ctx, m, kind, id, true); err != nil {
					return fmt.Errorf("demo: thread %q: like by %s: %w", st.Title, e, err)
				}
			}
			return nil
		}
		if err := like(allmenning.PostThread, t.ID, st.Likers); err != nil {
			return created, err
		}
		for n, sr := range st.Replies {
			if err := like(allmenning.PostReply, replyIDs[n], sr.Likers); err != nil {
				return created, err
			}
		}
		for _, rd := range st.Readers {
			m := byEmail[rd.Email]
			if m == nil {
				return created, fmt.Errorf("demo: thread %q: unknown reader %s", st.Title, rd.Email)
			}
			at := now.AddDate(0, 0, -rd.DaysAgo)
			if err := store.RecordRead(ctx, m.ID, t.ID, len(st.Replies), at); err != nil {
				return created, fmt.Errorf("demo: thread %q: read by %s: %w", st.Title, rd.Email, err)
			}
		}
	}
	return created, nil
}

// The demo members by e-mail, to keep the data below readable.
const (
	ingrid  = "ingrid.haugen@trondheim.kommune.no"
	ola     = "ola.nordmann@oslo.kommune.no"
	kari    = "kari.lie@lillestrom.kommune.no"
	per     = "per.berg@frogn.kommune.no"
	anne    = "anne.solberg@fredrikstad.kommune.no"
	lars    = "lars.dahl@rakkestad.kommune.no"
	marit   = "marit.olsen@rade.kommune.no"
	jon     = "jon.bakken@porsgrunn.kommune.no"
	synnove = "synnove.vik@voss.kommune.no"
	eirik   = "eirik.strand@bergen.kommune.no"
	nora    = "nora.johansen@tromso.kommune.no"
	aslak   = "aslak.somby@nesseby.kommune.no"
	hilde   = "hilde.moe@bodo.kommune.no"
	thomas  = "thomas.hansen@stavanger.kommune.no"
)

const (
	public       = allmenning.VisPublic
	membersOnly  = allmenning.VisMembers
	municipality = allmenning.VisMunicipality
)

// Threads are the demo discussions: about ten public, eight for one
// municipality only (without replies, since every demo municipality has a
// single demo member), the rest for all members. Bodies start at column 0:
// indentation would make Markdown code blocks.
var Threads = []SeedThread{
	// ── Hvorfor sosiale medier? ──────────────────────────────────────────
	{
		Author: marit, Area: "hvorfor-sosiale-medier", Visibility: membersOnly, DaysAgo: 120,
		Title: "Vi la ned Facebook-siden – nå vil vi prøve igjen",
		Tags:  []string{"Innbyggere", "Leder"},
		Body: `For to år siden stengte vi Facebook-siden til Råde kommune etter en barnevernssak som tok helt av i kommentarfeltet. Vi hadde verken moderingsrutiner eller noen som fulgte med på kveldstid, og det endte med at vi trakk ut kontakten en fredag kveld.

Nå ønsker ledelsen at vi skal tilbake, men **klokere denne gangen**. Det vi har sett på så langt:

- tydelige kommentarregler festet øverst på siden
- fast svartid i åpningstiden, og en melding om at siden ikke følges opp i helgene
- en plan for hva vi gjør hvis det skjer igjen

Hvilke forutsetninger ville dere krevd før dere startet opp på nytt? Og har noen erfaring med å forklare innbyggerne hvorfor en side var borte i to år?`,
		Replies: []SeedReply{
			{Author: anne, Body: `Dere gjør det i riktig rekkefølge. Hos oss i Fredrikstad var det kommentarreglene som reddet oss det første året: når noen krysser grensen, kan vi vise til en regel i stedet for å diskutere skjønn. Skriv dem kort, og be gjerne en jurist se over dem. Jeg kan dele våre om du vil.`, Likers: []string{marit, ingrid}},
			{Author: marit, ReplyTo: 1, Body: `> Jeg kan dele våre om du vil.

Ja takk, gjerne! Særlig hvordan dere formulerer det om skjulte kommentarer.`},
			{Author: ingrid, Body: `Jeg ville vært ærlig om pausen. Et kort innlegg om at dere var borte fordi dere ikke hadde kapasitet til å følge opp godt nok, og at dere nå har rutiner på plass, gir mer tillit enn å late som ingenting. @lars.dahl har gode erfaringer med hvordan de fikk beredskapen på plass i Rakkestad – det er verdt å høre før dere starter.`, Likers: []string{marit}},
			{Author: lars, Body: `Takk for omtalen. Kort oppsummert: sett opp vakt for de fire første ukene, også på kveldstid. Det er da de vanskelige sakene tester dere.`},
		},
		Likers:  []string{ingrid, anne, jon, per},
		Readers: []SeedRead{{anne, 118}, {ingrid, 115}, {lars, 110}, {jon, 90}, {per, 60}, {kari, 30}},
	},
	{
		Author: kari, Area: "hvorfor-sosiale-medier", Visibility: membersOnly, DaysAgo: 300,
		Title: "Hvilke argumenter fikk ledelsen med på sosiale medier?",
		Tags:  []string{"Leder", "Kommunikasjonsrådgiver"},
		Body: `Jeg har blogget om digital kommunikasjon i flere år, men opplever at rådmannens ledergruppe fortsatt ser på sosiale medier som «noe ungdommen driver med». Vi har ingen strategi, bare en Facebook-side og en ildsjel (meg).

Neste måned får jeg tjue minutter i ledermøtet. Jeg tenker å legge vekt på tre ting:

1. Innbyggerne er der allerede og snakker om oss – spørsmålet er om vi er med i samtalen
2. Raskere svar på enkle spørsmål avlaster servicetorget
3. Beredskap: vi trenger en kanal som er i drift *før* krisen

Hvilke argumenter har fungert hos dere? Og hva bør jeg **ikke** si?`,
		Replies: []SeedReply{
			{Author: ingrid, Body: `Tall slår entusiasme i ledergrupper. Ta med hvor mange som ringer servicetorget om ting som står på nettsidene, og vis et eksempel på en tråd der innbyggerne diskuterte dere uten at dere svarte. Ikke snakk om «engasjement» – snakk om tid og omdømme.`, Likers: []string{kari, thomas, per}},
			{Author: thomas, Body: `Enig med Ingrid. Vi la fram en enkel oversikt over hvor mange som faktisk ble nådd av driftsmeldingene våre på Facebook, sammenlignet med nettsiden. Det var nok til å få et prøveprosjekt på ett år.`},
			{Author: kari, ReplyTo: 2, Body: `> Det var nok til å få et prøveprosjekt på ett år.

Hadde dere satt noen måltall for prøveåret på forhånd? Jeg er redd for å love for mye.`},
			{Author: thomas, ReplyTo: 3, Body: `> Hadde dere satt noen måltall for prøveåret på forhånd?

Bare to: andel spørsmål besvart innen én arbeidsdag, og rekkevidde på driftsmeldinger. Hold det enkelt, så slipper du å forklare bort tall som ikke betyr noe.`, Likers: []string{kari}},
			{Author: marit, Body: `Ikke si at det er gratis. Det var der vi gikk på en smell i Råde: ledelsen trodde det ikke krevde ressurser, og da det smalt, var det ingen som hadde tid.`, Likers: []string{kari, ingrid}},
		},
		Likers:  []string{ingrid, marit, per, synnove},
		Readers: []SeedRead{{ingrid, 298}, {thomas, 290}, {marit, 250}, {per, 200}, {synnove, 150}, {anne, 40}},
	},
	{
		Author: nora, Area: "hvorfor-sosiale-medier", Visibility: public, DaysAgo: 5,
		Title: "TikTok for ungdom – bør kommunen være der?",
		Tags:  []string{"Barn og unge", "Skole"},
		Body: `Ungdomsrådet i Tromsø ba oss i forrige uke om å begynne på TikTok. Argumentet deres er enkelt: «Vi leser ikke Facebook, og Instagram bruker vi til venner.»

Jeg ser fordelene, men også noen hindre:

- **Sikkerhet:** flere statlige virksomheter har frarådet TikTok på tjenestetelefoner
- **Ressurser:** korte videoer tar tid å lage hvis de skal være bra
- **Arkiv:** hvordan journalfører vi kommentarer på en video?

Vi vurderer å la ungdomsklubben lage innholdet med en voksen redaktør, og å bruke en egen telefon som ikke er koblet til kommunens nett. Er det noen som har prøvd noe liknende? Jeg er spesielt interessert i hvordan dere har forankret det hos ledelsen.`,
		Replies: []SeedReply{
			{Author: synnove, Body: `Vi prøvde i eitt år med ungdomsklubben som redaksjon. Det fungerte godt så lenge det var ein tilsett som tok ansvar for publisering og svarte på kommentarar. Då ho gjekk ut i permisjon, stoppa alt opp. Skriv difor ned rutinane frå dag éin.`, Likers: []string{nora, thomas}},
			{Author: thomas, Body: `Sjekk gjerne rådene fra [Nasjonal sikkerhetsmyndighet](https://nsm.no) før dere bestemmer dere. Vi landet på en egen enhet uten tilgang til interne systemer, og det godtok IT-sikkerhet.`},
			{Author: eirik, Body: `Om arkivet: kommentarar som inneheld spørsmål eller klager til kommunen, er saksdokument etter offentleglova same kva kanal dei kjem i. Lag ein rutine for kva som skal over i sak, og kva som berre er prat. @hilde.moe har ein god tabell for dette.`, Likers: []string{nora, hilde}},
			{Author: nora, ReplyTo: 1, Body: `> Då ho gjekk ut i permisjon, stoppa alt opp.

Det er akkurat det jeg er redd for. Takk – vi skriver rutinene før første video.`},
		},
		Likers:  []string{synnove, thomas, ola, anne, kari},
		Readers: []SeedRead{{synnove, 4}, {thomas, 3}, {ola, 2}, {anne, 1}, {kari, 1}, {marit, 0}, {eirik, 2}, {aslak, 1}},
	},
	{
		Author: synnove, Area: "hvorfor-sosiale-medier", Visibility: membersOnly, DaysAgo: 210,
		Title: "Kva får vi eigentleg att for tida vi bruker på sosiale medium?",
		Tags:  []string{"Leder"},
		Body: `I budsjettarbeidet fekk eg spørsmålet eg har grua meg til: «Kva får kommunen att for dei timane du bruker på Facebook og Instagram?»

Eg har tal for rekkevidd og følgjarar, men dei svarar ikkje på spørsmålet. Det eg trur er verdien:

- færre telefonar til servicetorget når vi legg ut driftsmeldingar
- betre oppmøte på folkemøte og høyringar
- ein kanal som folk faktisk følgjer når det er krise

Korleis har de dokumentert nytten overfor politikarane? Eg tek gjerne imot døme på korte notat eller lysark.`,
		Replies: []SeedReply{
			{Author: thomas, Body: `Vi teller henvendelser til servicetorget per tema og sammenligner uker med og uten innlegg på Facebook. Det er ikke vitenskap, men det gir politikerne noe konkret. Jeg kan legge ut malen i tråden om måling.`, Likers: []string{synnove}},
			{Author: aslak, Body: `I en liten kommune som vår er det argumentet om beredskap som biter best. Under strømbruddet i fjor var Facebook-siden den eneste kanalen folk faktisk så.`},
			{Author: synnove, ReplyTo: 1, Body: `> Jeg kan legge ut malen i tråden om måling.

Tusen takk, det hadde vore til stor hjelp. @thomas.hansen, kan du seie frå når han ligg ute?`},
		},
		Likers:  []string{thomas, aslak, kari},
		Readers: []SeedRead{{thomas, 205}, {aslak, 200}, {kari, 180}, {eirik, 100}, {ingrid, 60}},
	},
	{
		Author: kari, Area: "hvorfor-sosiale-medier", Visibility: membersOnly, DaysAgo: 390,
		Title: "Blogg som kanal: erfaringer etter to år",
		Tags:  []string{"Redaktør", "Innbyggere"},
		Body: `Jeg lovet å oppsummere erfaringene med kommunebloggen vår. Kort fortalt:

| Hva | Resultat |
|---|---|
| Innlegg per måned | 4–6 |
| Mest lest | Brøyting, barnehageopptak, eiendomsskatt |
| Minst lest | Politiske vedtak uten forklaring |
| Kommentarer | Få, men gode |

Det viktigste jeg har lært, er at bloggen fungerer når fagfolkene skriver selv, med meg som redaktør. Innlegg jeg skriver *om* fagområdene blir lest mindre enn innlegg fagfolkene skriver *fra* dem. Neste steg er å få bloggen inn i en faktisk strategi, for nå henger den litt i løse luften.`,
		Replies: []SeedReply{
			{Author: jon, Body: `Kjenner meg igjen. Våre mest leste innlegg er skrevet av en vaktmester og en helsesykepleier. Hvordan får du fagfolkene til å sette av tid?`},
			{Author: kari, ReplyTo: 1, Body: `> Hvordan får du fagfolkene til å sette av tid?

Jeg intervjuer dem i tjue minutter og skriver et utkast, så retter de. Da bruker de en halvtime totalt, og de føler fortsatt at teksten er deres.`, Likers: []string{jon, per}},
			{Author: per, Body: `Dette burde inn i et felles malbibliotek som eksempel på en arbeidsform. Kanskje @ingrid.haugen kan ta det med?`},
		},
		Likers:  []string{jon, per, ingrid},
		Readers: []SeedRead{{jon, 385}, {per, 380}, {ingrid, 370}, {anne, 300}},
	},

	// ── Strategi for sosiale medier ──────────────────────────────────────
	{
		Author: ingrid, Area: "strategi-for-sosiale-medier", Visibility: public, DaysAgo: 350,
		Title: "Mal for retningslinjer for ansattes bruk av sosiale medier",
		Tags:  []string{"Kommunikasjonsrådgiver", "Leder"},
		Body: `Vi har revidert retningslinjene for ansattes bruk av sosiale medier i Trondheim kommune, og deler gjerne malen. Den er bygd opp slik:

1. **Formål** – hvorfor kommunen ønsker at ansatte deltar
2. **Roller** – forskjellen på å uttale seg som ansatt, som fagperson og som privatperson
3. **Taushetsplikt og personvern** – aldri opplysninger om enkeltpersoner, heller ikke anonymisert
4. **Tone** – vær høflig, også når andre ikke er det
5. **Hvem du spør** – nærmeste leder eller kommunikasjonsenheten

Malen er skrevet i klarspråk og får plass på to sider. Vi har lent oss på veilederen fra [Digdir](https://www.digdir.no). Bruk den fritt, og del gjerne forbedringer tilbake her i tråden.`,
		Replies: []SeedReply{
			{Author: jon, Body: `Fin mal! Den passer godt sammen med vær varsom-plakaten vår, som er en slags kortversjon for oppslagstavla på personalrommet. Jeg har lagt den ut i etikk-området.`, Likers: []string{ingrid, per}},
			{Author: per, Body: `Vi mangler et punkt om hvem som har lov til å opprette nye kontoer på vegne av en enhet. I Frogn har vi i dag 14 kontoer, og ingen vet helt hvem som eier dem. Kan det legges inn som punkt 6?`, Likers: []string{ingrid}},
			{Author: ingrid, ReplyTo: 2, Body: `> Kan det legges inn som punkt 6?

Godt poeng. Vi har det i en egen rutine, men det hører hjemme i malen også. Jeg oppdaterer og legger ut en ny versjon.`},
			{Author: eirik, Body: `Eit lite juridisk innspel til punkt 3: skriv gjerne at teieplikta gjeld òg i lukka grupper og i direktemeldingar. Mange trur at ei lukka Facebook-gruppe er eit privat rom.`, Likers: []string{ingrid, jon, kari}},
			{Author: synnove, Body: `Finst det ein nynorsk versjon? Vi kan gjerne omsetje han og dele han tilbake.`},
			{Author: ingrid, ReplyTo: 5, Body: `> Finst det ein nynorsk versjon?

Ikke ennå – det ville vært supert! @synnove.vik, send den når den er klar, så legger vi begge versjonene i malbiblioteket.`, Likers: []string{synnove}},
			{Author: kari, Body: `Vi brukte malen som utgangspunkt og fikk retningslinjene vedtatt i ledergruppen på første forsøk. Takk!`, Likers: []string{ingrid, jon}},
		},
		Likers:  []string{jon, per, eirik, synnove, kari, anne, ola, marit, aslak, hilde},
		Readers: []SeedRead{{jon, 345}, {per, 340}, {eirik, 330}, {synnove, 320}, {kari, 300}, {anne, 250}, {marit, 200}, {aslak, 150}, {hilde, 90}, {nora, 40}, {thomas, 20}, {lars, 6}},
	},
	{
		Author: thomas, Area: "strategi-for-sosiale-medier", Visibility: membersOnly, DaysAgo: 25,
		Title: "Hvordan måler dere effekten av sosiale medier?",
		Tags:  []string{"Leder", "Kommunikasjonsrådgiver"},
		Body: `Vi har i mange år rapportert antall følgere og rekkevidde, men ingen av delene sier noe om vi når målene våre. Nå prøver jeg ut en enkel kvalitetsindikator: **engasjement delt på antall følgere**, målt per måned.

| Kanal | Følgere | Engasjement per mnd. | Indikator |
|---|---|---|---|
| Facebook | 24 000 | 3 100 | 0,13 |
| Instagram | 9 500 | 2 400 | 0,25 |
| LinkedIn | 4 200 | 310 | 0,07 |

Det interessante er at mange følgere ikke automatisk gir mye aktivitet. Jeg kombinerer indikatoren med to ting vi måler selv: svartid på spørsmål og antall henvendelser til servicetorget. Hva måler dere, og hvordan rapporterer dere det til ledelsen?`,
		Replies: []SeedReply{
			{Author: anne, Body: `Vi måler svartid og andel besvarte spørsmål, og det er det eneste ledelsen spør om. Indikatoren din er spennende – teller du delinger med i engasjementet?`},
			{Author: thomas, ReplyTo: 1, Body: `> teller du delinger med i engasjementet?

Ja, reaksjoner, kommentarer og delinger. Klikk holder jeg utenfor, fordi de måles så ulikt på tvers av plattformene.`, Likers: []string{anne}},
			{Author: synnove, Body: `Her er eg! Takk for at du la det ut. Eg skal prøve same oppsettet for Voss og samanlikne med tala frå servicetorget.`},
			{Author: ingrid, Body: `Vi brukte en liknende indikator i BetaTrondheim, og så at små kommuner ofte scorer bedre enn store. Det er et godt argument for at kvalitet slår volum.`, Likers: []string{thomas, aslak}},
			{Author: lars, Body: `Husk å skille ut krisemånedene. Vi hadde en flom i fjor som gjorde at tallene for oktober ikke kan sammenlignes med noe som helst.`, Likers: []string{thomas}},
		},
		Likers:  []string{anne, synnove, ingrid, lars, kari, aslak},
		Readers: []SeedRead{{anne, 24}, {synnove, 20}, {ingrid, 15}, {lars, 10}, {kari, 5}, {aslak, 3}, {per, 2}, {marit, 12}},
	},
	{
		Author: per, Area: "strategi-for-sosiale-medier", Visibility: membersOnly, DaysAgo: 160,
		Title: "Distribuert ansvar: 14 redaktører og ingen felles plan",
		Tags:  []string{"Redaktør", "Fagansvarlig"},
		Body: `I Frogn har vi valgt å la fagenhetene drive sine egne kontoer: biblioteket, kulturskolen, ungdomsklubben, helsestasjonen og flere til. Det gir godt innhold og rask respons, men også noen hodepiner:

- ingen felles oversikt over passord og administratorer
- ulik tone og ulike svar på samme spørsmål
- ingen vet hvem som arkiverer hva

Vi vurderer et enkelt redaksjonsråd som møtes én gang i måneden, og en felles kanalplan med ett ark per konto. Har noen en modell for distribuert ansvar som faktisk fungerer over tid?`,
		Replies: []SeedReply{
			{Author: anne, Body: `Vi har et nettverk av «superbrukere» i hver enhet som møtes på Teams hver fjerde uke. Det viktigste er at kommunikasjonsavdelingen alltid er administrator på alle sider, selv om vi aldri poster der.`, Likers: []string{per}},
			{Author: ingrid, Body: `Trondheim har samme modell. Vi har en enkel regel: ingen konto uten to navngitte ansvarlige og en plan for hva som skjer når den skal legges ned.`, Likers: []string{per, hilde}},
			{Author: per, ReplyTo: 2, Body: `> ingen konto uten to navngitte ansvarlige

Den tar vi rett inn. Hvor lagrer dere oversikten?`},
			{Author: ingrid, ReplyTo: 3, Body: `> Hvor lagrer dere oversikten?

I et eget register i sak/arkiv, så den er dokumentert og ikke bare ligger i noens innboks.`},
		},
		Likers:  []string{anne, ingrid, hilde},
		Readers: []SeedRead{{anne, 155}, {ingrid, 150}, {hilde, 100}, {kari, 70}},
	},
	{
		Author: ingrid, Area: "strategi-for-sosiale-medier", Visibility: municipality, DaysAgo: 12,
		Title: "Utkast til ny kanalstrategi – innspill fra enhetene",
		Tags:  []string{"Høring", "Leder"},
		Body: `Her er utkastet til ny kanalstrategi for Trondheim kommune. Det er bare synlig for oss i kommunen til det er behandlet i ledergruppen.

Hovedgrepene:

- vi samler de 40 Facebook-sidene til 12
- Instagram blir hovedkanalen for rekruttering
- LinkedIn brukes bare mot næringsliv og til rekruttering

Frist for innspill fra enhetene er om to uker. Skriv gjerne innspill som svar her, eller send dem til kommunikasjonsenheten.`,
	},
	{
		Author: aslak, Area: "strategi-for-sosiale-medier", Visibility: membersOnly, DaysAgo: 75,
		Title: "Hvor mange kanaler klarer en liten kommune å drifte?",
		Tags:  []string{"Innbyggere", "Kommunikasjonsrådgiver"},
		Body: `Nesseby har rundt 900 innbyggere, og vi er to personer som deler på all kommunikasjon. Vi publiserer på norsk og nordsamisk, så hvert innlegg blir i praksis to.

I dag er vi på Facebook og har en nettside. Nå får vi spørsmål om Instagram, Snapchat og TikTok. Mitt instinkt er å si nei til alt nytt og heller gjøre Facebook bedre, men jeg er usikker.

Hvordan har andre små kommuner vurdert dette? Finnes det en tommelfingerregel for hvor mange kanaler én stilling klarer å følge opp skikkelig?`,
		Replies: []SeedReply{
			{Author: marit, Body: `Én godt drevet kanal er bedre enn tre halvdøde. Det er vel den viktigste lærdommen vår fra Råde.`, Likers: []string{aslak, kari}},
			{Author: synnove, Body: `Vi har same utfordring med nynorsk og eit fleirspråkleg publikum. Vi har valt Facebook og Instagram, og brukar same bilete og nesten same tekst i begge. Det sparar mykje tid.`},
			{Author: aslak, ReplyTo: 2, Body: `> brukar same bilete og nesten same tekst i begge

Godt tips. Publiserer dere samtidig, eller sprer dere det ut over dagen?`},
			{Author: synnove, ReplyTo: 3, Body: `> Publiserer dere samtidig

Samtidig. Det viktigaste er at folk finn same bodskapen same kvar dei ser.`, Likers: []string{aslak}},
		},
		Likers:  []string{marit, synnove, kari, nora},
		Readers: []SeedRead{{marit, 70}, {synnove, 72}, {kari, 50}, {nora, 40}, {ingrid, 30}, {thomas, 10}},
	},
	{
		Author: anne, Area: "strategi-for-sosiale-medier", Visibility: membersOnly, DaysAgo: 2,
		Title: "Fire nettsamfunn og én rådgiver – hvordan prioriterer dere?",
		Tags:  []string{"Kommunikasjonsrådgiver"},
		Body: `Jeg drifter kommunens Facebook-side, Instagram, en Facebook-gruppe for frivillige og et nettsamfunn for næringslivet. Alt sammen ved siden av pressehenvendelser og nettsiden.

Akkurat nå prioriterer jeg slik:

1. Spørsmål fra innbyggere som venter på svar
2. Driftsmeldinger og kunngjøringer
3. Alt annet, når det er tid – og det er det sjelden

Frivilliggruppen og næringslivsnettsamfunnet lider. Har noen klart å få andre i organisasjonen til å ta over modereringen av slike grupper, uten at kvaliteten faller?`,
		Likers:  []string{per},
		Readers: []SeedRead{{per, 1}, {ola, 1}, {kari, 0}},
	},

	// ── Etikk ────────────────────────────────────────────────────────────
	{
		Author: anne, Area: "etikk", Visibility: public, DaysAgo: 45,
		Title: "Hvordan håndterer dere sjikane i kommentarfeltet?",
		Tags:  []string{"Innbyggere", "Kommunikasjonsrådgiver"},
		Body: `De siste ukene har vi hatt en økning i grove kommentarer under innleggene om ny skolestruktur. Noen er rettet mot enkeltansatte med fullt navn, og noen er rene personangrep på politikere.

I dag gjør vi dette:

- skjuler kommentarer som bryter kommentarreglene, og skriver at vi har gjort det
- utestenger etter to advarsler
- tar skjermbilde av alt før vi skjuler det

Men vi er usikre på **hvor grensen går** mellom sterk kritikk, som innbyggerne har rett til, og sjikane vi skal fjerne. Hvordan gjør dere det, og hvordan tar dere vare på de ansatte som blir hengt ut?`,
		Replies: []SeedReply{
			{Author: marit, Body: `Dette var grunnen til at vi la ned siden vår i Råde, så jeg har tenkt mye på det. Skillet vi bruker nå: **kritikk av vedtak og tjenester står**, angrep på personer går. Ansatte som ikke har valgt å være offentlige personer, skal ikke nevnes med navn i det hele tatt.`, Likers: []string{anne, jon, kari}},
			{Author: ola, Body: `Vi i Oslo har en fast formulering når vi skjuler noe:

> Vi har skjult en kommentar som bryter kommentarreglene våre. Du er velkommen til å diskutere saken, men ikke enkeltpersoner.

Det roer ofte ned tråden.`},
			{Author: eirik, Body: `Juridisk er det viktig å vere konsekvent. Kommunen er ei offentleg styresmakt, så vilkårleg sletting av kritiske ytringar kan vere problematisk etter [Grunnlova § 100](https://lovdata.no/dokument/NL/lov/1814-05-17). Skriv kommentarreglane ned, publiser dei og følg dei likt for alle.`, Likers: []string{anne, ola}},
			{Author: anne, ReplyTo: 3, Body: `> vilkårleg sletting av kritiske ytringar kan vere problematisk

Det er nettopp det jeg er redd for. Skjuler dere eller sletter dere?`},
			{Author: eirik, ReplyTo: 4, Body: `> Skjuler dere eller sletter dere?

Vi skjuler. Då er kommentaren synleg for den som skreiv han og venene hans, og vi har han framleis om nokon ber om innsyn.`},
			{Author: jon, Body: `Husk de ansatte. Vi ringer alltid den som er nevnt, før de oppdager det selv. Det er det ansatte i Porsgrunn har sagt betyr mest, og det står også i vær varsom-plakaten vår.`, Likers: []string{anne, marit}},
			{Author: lars, Body: `Hvis det er trusler, anmeld. Vi har en fast kontakt hos politiet og sender skjermbilder samme dag. Det har skjedd to ganger, og begge gangene ble det ro etterpå.`},
			{Author: anne, Body: `Tusen takk alle sammen. Jeg lager en oppsummering og legger den inn i den interne rutinen vår. @marit.olsen og @eirik.strand, kan jeg sitere dere?`},
		},
		Likers:  []string{marit, ola, eirik, jon, lars, kari, per, ingrid, synnove, nora, hilde},
		Readers: []SeedRead{{marit, 44}, {ola, 43}, {eirik, 40}, {jon, 38}, {lars, 35}, {kari, 20}, {per, 10}, {ingrid, 6}, {synnove, 3}, {nora, 2}, {hilde, 1}, {aslak, 0}, {thomas, 4}},
	},
	{
		Author: jon, Area: "etikk", Visibility: public, DaysAgo: 330,
		Title: "Vær varsom-plakat for ansatte – fritt fram å bruke",
		Tags:  []string{"Kommunikasjonsrådgiver", "Fagansvarlig"},
		Body: `Vi har laget en «vær varsom»-plakat for ansatte i Porsgrunn kommune som bruker sosiale medier i jobben. Den er inspirert av pressens [Vær Varsom-plakat](https://presse.no/pfu/etiske-regler/vaer-varsom-plakaten/), men skrevet for kommunalt ansatte:

> Du representerer kommunen når du skriver om jobben din – også fra din private profil.

Plakaten har sju punkter, blant annet:

- **Tenk før du trykker** – ville du sagt det samme i et åpent møte?
- **Taushetsplikten gjelder overalt**, også i lukkede grupper
- **Svar på saken**, ikke på personen
- **Spør hvis du er usikker** – kommunikasjonsenheten hjelper

Den henger på alle personalrom og ligger som PDF i malbiblioteket. Ta den i bruk, bytt logoen, og fortell oss gjerne hva som virker hos dere.`,
		Replies: []SeedReply{
			{Author: marit, Body: `Denne skulle vi hatt i Råde for tre år siden. Vi tar den i bruk når vi starter den nye Facebook-siden.`, Likers: []string{jon}},
			{Author: per, Body: `Vi har hengt den opp i Frogn. Det beste med den er at den er kort nok til at folk faktisk leser den.`},
			{Author: kari, Body: `Er det mulig å få den i en tilgjengelig versjon? PDF-en mangler tagger, så skjermlesere leser den i feil rekkefølge. Alle skal med, også her.`, Likers: []string{jon, synnove}},
			{Author: jon, ReplyTo: 3, Body: `> PDF-en mangler tagger

God fangst, takk! Jeg lager en tilgjengelig versjon og en ren tekstversjon på nettsiden.`},
			{Author: synnove, Body: `Vi har omsett plakaten til nynorsk. @jon.bakken, skal eg leggje han i malbiblioteket?`, Likers: []string{jon}},
			{Author: jon, ReplyTo: 5, Body: `> skal eg leggje han i malbiblioteket?

Ja, gjerne! Da har vi begge målformene.`},
		},
		Likers:  []string{marit, per, kari, synnove, ingrid, anne, ola, hilde, lars},
		Readers: []SeedRead{{marit, 325}, {per, 320}, {kari, 300}, {synnove, 280}, {ingrid, 250}, {anne, 200}, {ola, 120}, {lars, 60}, {hilde, 30}, {aslak, 8}, {nora, 5}},
	},
	{
		Author: per, Area: "etikk", Visibility: membersOnly, DaysAgo: 95,
		Title: "Ansatte som svarer innbyggere fra privat profil",
		Tags:  []string{"Fagansvarlig", "Innbyggere", "Helse"},
		Body: `En helsesykepleier hos oss svarte på et spørsmål om vaksiner i en lokal Facebook-gruppe, fra sin private profil. Svaret var faglig riktig, men ble delt videre som «kommunen sier». Nå lurer flere ansatte på om de i det hele tatt kan delta i slike diskusjoner.

Jeg vil ikke skremme folk fra å bidra. Samtidig trenger vi en tydelig linje:

- Når uttaler man seg som ansatt, og når som privatperson?
- Bør ansatte henvise til kommunens kanaler i stedet for å svare selv?

Hvordan har dere løst dette i retningslinjene deres?`,
		Replies: []SeedReply{
			{Author: jon, Body: `Vi skriver i plakaten at du er ansatt når du svarer om ditt eget fagfelt, uansett profil. Løsningen er ikke å tie, men å lenke til kommunens side og skrive at du jobber der.`, Likers: []string{per, ingrid}},
			{Author: eirik, Body: `Ytringsfridomen til tilsette er sterk, òg om eige fagfelt. Kommunen kan ikkje forby dette, men kan gje råd. Sjå gjerne [KS sine råd om ytringsfridom](https://www.ks.no) for tilsette.`},
			{Author: per, ReplyTo: 1, Body: `> Løsningen er ikke å tie, men å lenke til kommunens side

Det er en god og enkel regel. Jeg tar den med til personalmøtet neste uke.`},
		},
		Likers:  []string{jon, eirik, ingrid},
		Readers: []SeedRead{{jon, 90}, {eirik, 85}, {ingrid, 80}, {kari, 60}, {anne, 30}},
	},
	{
		Author: kari, Area: "etikk", Visibility: membersOnly, DaysAgo: 18,
		Title: "Bilder av barn fra barnehagen på Facebook",
		Tags:  []string{"Barnehage", "Foreldre", "Barn og unge"},
		Body: `Barnehagene våre vil gjerne vise fram hverdagen på kommunens Facebook-side, og det forstår jeg godt. Men jeg er usikker på bildene av barn.

Slik jeg forstår det, trenger vi:

- **skriftlig samtykke fra foreldrene**, for hvert formål
- rutiner for å slette bilder hvis samtykket trekkes
- en vurdering av barn med hemmelig adresse eller barnevernstiltak

Flere av styrerne mener det holder med et generelt samtykke ved oppstart. Det tror ikke jeg. Hva gjør dere? Viser dere barn i det hele tatt, eller bare hender, tegninger og utelek på avstand?`,
		Replies: []SeedReply{
			{Author: anne, Body: `Vi viser ikke ansikter på barn under skolealder. Det er en enkel regel som alle forstår, og barnehagene har blitt flinke til å ta bilder av aktiviteten i stedet.`, Likers: []string{kari, per}},
			{Author: per, Body: `Et generelt samtykke ved oppstart holder ikke, etter det Datatilsynet skriver. Samtykket må være frivillig, spesifikt og mulig å trekke tilbake. Les [Datatilsynets veiledning](https://www.datatilsynet.no) om bilder av barn.`},
			{Author: kari, ReplyTo: 1, Body: `> Vi viser ikke ansikter på barn under skolealder.

Det tror jeg er veien å gå hos oss også. Takk!`},
			{Author: marit, Body: `Ikke glem de ansatte heller. Flere barnehageansatte hos oss ville ikke være med på bilder etter saken vi hadde.`},
		},
		Likers:  []string{anne, per, marit, jon},
		Readers: []SeedRead{{anne, 17}, {per, 16}, {marit, 12}, {jon, 8}, {ola, 6}, {nora, 4}},
	},
	{
		Author: ola, Area: "etikk", Visibility: membersOnly, DaysAgo: 260,
		Title: "Skal ordføreren poste på kommunens Facebook-side?",
		Tags:  []string{"Leder", "17. mai"},
		Body: `I bydelene får vi stadig ønsker fra politisk ledelse om å dele innlegg på kommunens sider. Vi har så langt holdt fast på at de offisielle sidene er administrative, og at politikken hører hjemme på politikernes egne sider.

Innbyggerne skiller ikke alltid mellom administrasjon og politikk, og det er nettopp derfor vi mener skillet er viktig. Men det blir vanskelig når ordføreren for eksempel vil ønske velkommen til 17. mai.

Hvor går grensen hos dere? Har dere skrevet det inn i strategien?`,
		Replies: []SeedReply{
			{Author: ingrid, Body: `Vi skiller mellom **ordføreren som representant for kommunen** (17. mai, nyttårshilsen, kriser) og **ordføreren som politiker**. Det første kan stå på kommunens side, det andre ikke. Det står i strategien vår.`, Likers: []string{ola, marit}},
			{Author: marit, Body: `Det ble en del av problemet i Råde: innbyggerne trodde politiske utspill var kommunens svar. Skill det tydelig.`},
			{Author: ola, ReplyTo: 1, Body: `> ordføreren som representant for kommunen

Den formuleringen låner jeg. Hva med perioden før valg?`},
			{Author: ingrid, ReplyTo: 3, Body: `> Hva med perioden før valg?

Da er vi ekstra strenge: bare rene kunngjøringer og praktisk informasjon om valget.`, Likers: []string{ola}},
		},
		Likers:  []string{ingrid, marit, kari},
		Readers: []SeedRead{{ingrid, 255}, {marit, 250}, {kari, 200}, {per, 100}},
	},
	{
		Author: jon, Area: "etikk", Visibility: municipality, DaysAgo: 9,
		Title: "Intern: oppfølging av helgens innlegg om en av skolene",
		Tags:  []string{"Skole"},
		Body: `Som dere vet, ble det lagt ut et innlegg i en lokal Facebook-gruppe i helgen der en lærer ble omtalt med navn. Vi har ikke kommentert saken offentlig.

Plan for oppfølgingen:

1. Rektor og kommunikasjonsenheten har snakket med læreren
2. Vi svarer ikke i gruppen, men tilbyr foreldrene et møte
3. Alle henvendelser fra media går til kommunikasjonsenheten

Ikke del dette utenfor kommunen.`,
	},
	{
		Author: synnove, Area: "etikk", Visibility: membersOnly, DaysAgo: 140,
		Title: "Kor går grensa for humor på Instagram-kontoen til kommunen?",
		Tags:  []string{"Barn og unge", "Teknisk"},
		Body: `Vi har fått mykje skryt for ein humoristisk video om brøyting, der ein av sjåførane våre spelar hovudrolla. Men vi fekk òg nokre reaksjonar frå folk som meinte det var «useriøst av kommunen» når vegane ikkje var brøyta.

Eg trur humor er ein viktig del av å vere til stades i sosiale medium, men han må passe saka. Tommelfingerreglane mine så langt:

- aldri humor om ting som gjer folk vondt, som helse, barnevern eller økonomi
- berre humor om oss sjølve, aldri om innbyggjarane
- dei tilsette som er med, skal sjå og godkjenne før publisering

Kva reglar har de? Har nokon hatt ein humorpost som gjekk gale?`,
		Replies: []SeedReply{
			{Author: nora, Body: `Vi hadde en nordlysvideo med litt selvironi som ble kjempepopulær, og en vits om parkering som ble tatt svært ille opp. Forskjellen var at parkeringsvitsen gikk på bekostning av innbyggerne. Reglene dine treffer godt.`, Likers: []string{synnove}},
			{Author: marit, Body: `Ikke bruk humor når noe har gått galt. Det var der vi trådte feil en gang: folk var sinte, og vi prøvde å være morsomme.`, Likers: []string{synnove, nora}},
			{Author: synnove, ReplyTo: 2, Body: `> Ikke bruk humor når noe har gått galt.

God regel. Den legg eg til i lista.`},
		},
		Likers:  []string{nora, marit, aslak},
		Readers: []SeedRead{{nora, 138}, {marit, 130}, {aslak, 100}, {kari, 70}, {ola, 50}},
	},

	// ── Juridisk ─────────────────────────────────────────────────────────
	{
		Author: eirik, Area: "juridisk", Visibility: membersOnly, DaysAgo: 60,
		Title: "Offentleglova og innsyn i meldingar på Messenger",
		Tags:  []string{"Ekspertrådgiver", "Innbyggere"},
		Body: `Ein journalist har bede om innsyn i alle meldingar kommunen har fått på Messenger om ei bestemt sak. Det er ein god anledning til å minne om kva som gjeld:

- Meldingar til og frå kommunen er **saksdokument** etter [offentleglova § 4](https://lovdata.no/dokument/NL/lov/2006-05-19-16), same kva kanal dei kjem i
- Innsynsretten gjeld òg dokument som ikkje er journalførte
- Vi må vurdere unntak, til dømes teieplikt, på same måte som for e-post

Det praktiske problemet er at meldingane berre ligg hjå Meta. Har de ein rutine for å hente ut og journalføre meldingar som gjeld saker? Og kven i kommunen har tilgang til innboksen?`,
		Replies: []SeedReply{
			{Author: hilde, Body: `Vi eksporterer meldingstråder som gjelder saksbehandling til PDF og journalfører dem i sak/arkiv. Rene informasjonsspørsmål, som åpningstider, journalfører vi ikke, men de er fortsatt omfattet av innsynsretten så lenge de finnes.`, Likers: []string{eirik, per}},
			{Author: per, Body: `Hos oss er det fem personer med tilgang til innboksen, og ingen av dem har arkivopplæring. Denne tråden blir lenket til fra neste personalmøte.`},
			{Author: eirik, ReplyTo: 1, Body: `> de er fortsatt omfattet av innsynsretten så lenge de finnes

Nettopp. Difor bør de ha ein slettepraksis som er skriven ned, så de ikkje slettar noko etter at kravet er kome.`, Likers: []string{hilde}},
			{Author: ola, Body: `Vi har laget et enkelt skjema for hver melding som skal videre til saksbehandling. Kan dele det hvis noen vil ha det.`},
			{Author: hilde, ReplyTo: 4, Body: `> Kan dele det hvis noen vil ha det.

Ja takk, @ola.nordmann! Det passer godt inn i arkivtråden også.`},
		},
		Likers:  []string{hilde, per, ola, anne, ingrid},
		Readers: []SeedRead{{hilde, 58}, {per, 55}, {ola, 50}, {anne, 40}, {ingrid, 30}, {kari, 10}, {thomas, 6}, {marit, 3}},
	},
	{
		Author: kari, Area: "juridisk", Visibility: public, DaysAgo: 8,
		Title: "Krav om teksting av video – hva gjelder for kommunen?",
		Tags:  []string{"Innbyggere", "Kommunikasjonsrådgiver"},
		Body: `Vi publiserer stadig mer video på Facebook og Instagram, og jeg får spørsmål fra fagenhetene om teksting er «nødvendig».

Svaret er ja. Etter likestillings- og diskrimineringsloven og forskriften om universell utforming av IKT skal forhåndsinnspilt video ha **teksting**, og vi må tenke på synstolking når viktig informasjon bare vises i bildet. [Uutilsynet](https://www.uutilsynet.no) har gode veiledninger.

Praktisk gjør vi dette:

1. automatisk teksting som utgangspunkt, men alltid korrekturlest
2. tekst brent inn i videoen for sosiale medier, i tillegg til tekstfil der det er mulig
3. viktig informasjon både i tale og tekst

Hvordan har dere organisert dette? Bruker dere et bestemt verktøy, og hvor lang tid tar det?`,
		Replies: []SeedReply{
			{Author: nora, Body: `Vi bruker automatisk teksting i redigeringsverktøyet og retter etterpå. Ett minutt video tar cirka ti minutter å kvalitetssikre. Stedsnavn og dialekt er verst.`, Likers: []string{kari}},
			{Author: aslak, Body: `Samisk teksting er et eget kapittel. Ingen av de automatiske verktøyene takler nordsamisk godt, så vi skriver alt selv.`, Likers: []string{kari, nora}},
			{Author: kari, ReplyTo: 2, Body: `> Ingen av de automatiske verktøyene takler nordsamisk godt

Det visste jeg ikke. Da bør det tas med i planleggingen av alle videoer hos dere.`},
		},
		Likers:  []string{nora, aslak, thomas, anne},
		Readers: []SeedRead{{nora, 7}, {aslak, 6}, {thomas, 5}, {anne, 4}, {ingrid, 3}, {ola, 2}, {jon, 1}, {synnove, 1}},
	},
	{
		Author: ola, Area: "juridisk", Visibility: membersOnly, DaysAgo: 180,
		Title: "Kan vi slette kommentarer uten å bryte ytringsfriheten?",
		Tags:  []string{"Innbyggere"},
		Body: `Vi har fått en klage fra en innbygger som mener vi driver sensur fordi vi skjulte kommentaren hans. Kommentaren inneholdt et skjellsord rettet mot en navngitt saksbehandler.

Vi har kommentarregler som står øverst på siden, og vi fulgte dem. Men klagen fikk meg til å tenke over om vi har det juridiske grunnlaget i orden:

- Er kommentarfeltet på kommunens Facebook-side et offentlig debattrom?
- Må vi begrunne hver skjuling?
- Kan innbyggeren klage videre, og til hvem?

Noen som har erfaring med slike klager?`,
		Replies: []SeedReply{
			{Author: eirik, Body: `Kort svar: de kan moderere etter reglar som er saklege, kjende og praktiserte likt. Ein kommentar med skjellsord mot ein namngitt tilsett kan de fjerne. Grunngje kort og ta vare på kommentaren, så står de godt om Sivilombodet skulle spørje.`, Likers: []string{ola, marit, hilde}},
			{Author: marit, Body: `Vi fikk en liknende klage. Det som hjalp, var å svare innbyggeren personlig med henvisning til regelen, og tilby ham å skrive kommentaren på nytt uten skjellsordet.`},
			{Author: ola, ReplyTo: 1, Body: `> ta vare på kommentaren

Skjermbilde i saken, antar jeg? Vi tar skjermbilder allerede, men har ikke journalført det.`},
			{Author: hilde, ReplyTo: 3, Body: `> har ikke journalført det

Gjør det når det blir en klagesak. Da er kommentaren et saksdokument i klagesaken.`, Likers: []string{ola}},
		},
		Likers:  []string{eirik, marit, hilde, anne},
		Readers: []SeedRead{{eirik, 178}, {marit, 170}, {hilde, 160}, {anne, 120}, {jon, 90}, {per, 60}},
	},
	{
		Author: per, Area: "juridisk", Visibility: membersOnly, DaysAgo: 240,
		Title: "Meta-pikselen på kommunens nettsider – må den fjernes?",
		Tags:  []string{"Ekspertrådgiver", "Helse"},
		Body: `Vi har hatt Meta-pikselen på nettsidene våre for å måle effekten av annonser. Etter Datatilsynets uttalelser om sporing og overføring av personopplysninger til USA er jeg usikker på om vi kan fortsette.

Det vi vet:

- pikselen sender informasjon om hvilke sider innbyggerne besøker
- noen av sidene handler om helse og barnevern
- vi har ikke et eget samtykke for dette i dag

Mitt forslag er å fjerne den og heller bruke kampanjelenker med UTM-parametere. Har noen gjort en personvernkonsekvensvurdering (DPIA) på dette og kan dele den?`,
		Replies: []SeedReply{
			{Author: eirik, Body: `Eg ville fjerna han med ein gong på sider om helse og barnevern. Det er særlege kategoriar av personopplysningar, og då krevst det mykje meir enn ei informasjonskapselmelding.`, Likers: []string{per}},
			{Author: thomas, Body: `Vi fjernet pikselen i fjor og bruker bare UTM-lenker og egne tall. Vi mistet noe presisjon i annonsemålingen, men ingenting vi egentlig savner.`, Likers: []string{per, eirik}},
			{Author: per, ReplyTo: 2, Body: `> Vi mistet noe presisjon i annonsemålingen

Godt å høre. Da fjerner vi den før neste kampanje.`},
		},
		Likers:  []string{eirik, thomas},
		Readers: []SeedRead{{eirik, 235}, {thomas, 230}, {hilde, 200}, {ola, 150}},
	},
	{
		Author: eirik, Area: "juridisk", Visibility: municipality, DaysAgo: 33,
		Title: "Klage frå innbyggjar på blokkering – utkast til svar",
		Tags:  []string{"Ekspertrådgiver"},
		Body: `Her er utkastet til svar på klaga frå innbyggjaren som vart blokkert på Facebook-sida vår i førre veke. Saka er berre synleg for oss i Bergen kommune.

Hovudpunkta i svaret:

- blokkeringa skjedde etter tre brot på kommentarreglane, som er dokumenterte
- blokkeringa vert oppheva etter 30 dagar
- innbyggjaren kan klage vidare til Sivilombodet

Gje meg beskjed innan fredag om de har merknader.`,
	},

	// ── Arkivering ───────────────────────────────────────────────────────
	{
		Author: per, Area: "arkivering", Visibility: public, DaysAgo: 70,
		Title: "Hva arkiverer dere fra Facebook-siden?",
		Tags:  []string{"Kommunikasjonsrådgiver", "Ekspertrådgiver"},
		Body: `Vi har arkivplikt etter arkivlova, men ingen i Frogn er helt sikre på hva som faktisk skal arkiveres fra Facebook-siden. Akkurat nå tar vi skjermbilder av «viktige» innlegg, og det er ikke en rutine jeg kan forsvare.

Det jeg lurer på:

1. Skal alle innlegg arkiveres, eller bare de som har betydning for en sak?
2. Hva med kommentarer og direktemeldinger?
3. Hvilket format bruker dere, og hvordan kommer det inn i sak/arkiv?

Jeg har lest [Arkivverkets råd](https://www.arkivverket.no), men savner eksempler fra kommuner som faktisk gjør det.`,
		Replies: []SeedReply{
			{Author: hilde, Body: `Vi følger denne grovsorteringen i Bodø:

| Type | Arkiveres? | Hvordan |
|---|---|---|
| Egne innlegg | Ja, samlet per måned | PDF/A-eksport |
| Kommentarer med spørsmål eller klager | Ja, i saken det gjelder | Journalføres |
| Direktemeldinger om saker | Ja | Journalføres |
| Prat og reaksjoner | Nei | – |

Det viktigste er at vurderingen er den samme som for e-post: *har dette betydning for en sak?*`, Likers: []string{per, anne, synnove, eirik, ingrid}},
			{Author: per, ReplyTo: 1, Body: `> Det viktigste er at vurderingen er den samme som for e-post

Det gjør det mye enklere å forklare for de andre. Hvordan eksporterer dere de månedlige PDF-ene?`},
			{Author: hilde, ReplyTo: 2, Body: `> Hvordan eksporterer dere de månedlige PDF-ene?

Vi har et lite verktøy som henter innleggene og lager PDF/A. Jeg har beskrevet det i tråden om Noark 5 og automatisk eksport.`, Likers: []string{per}},
			{Author: eirik, Body: `Hugs at direktemeldingar som gjeld saker, er saksdokument sjølv om dei ikkje er journalførte. Eg har skrive meir om det i tråden om offentleglova og Messenger.`},
			{Author: anne, Body: `Vi har akkurat samme utfordring med Instagram. Jeg har startet en egen tråd om journalføring av direktemeldinger der.`},
			{Author: synnove, Body: `Takk for tabellen, @hilde.moe. Vi skriv han om til nynorsk og legg han inn i arkivplanen vår.`, Likers: []string{hilde}},
		},
		Likers:  []string{hilde, eirik, anne, synnove, kari, ola, marit, ingrid},
		Readers: []SeedRead{{hilde, 69}, {eirik, 65}, {anne, 60}, {synnove, 50}, {kari, 40}, {ola, 35}, {marit, 25}, {thomas, 20}, {ingrid, 15}, {lars, 6}, {nora, 5}, {jon, 3}, {aslak, 2}},
	},
	{
		Author: hilde, Area: "arkivering", Visibility: membersOnly, DaysAgo: 200,
		Title: "Noark 5 og sosiale medier: erfaringer med automatisk eksport",
		Tags:  []string{"Ekspertrådgiver", "Teknisk"},
		Body: `Vi har i et år kjørt en automatisk eksport fra kommunens Facebook-side til arkivet. Slik fungerer det:

1. et skript henter innlegg og kommentarer hver natt
2. alt samles i én PDF/A per måned, med metadata
3. filen importeres som et dokument i en egen mappe i sak/arkiv, etter Noark 5

Det som har vært vanskelig, er **slettede kommentarer**. Når noen sletter en kommentar før eksporten, mister vi den. Vi har derfor begynt å ta skjermbilde manuelt av kommentarer vi skjuler.

Noen som har funnet en bedre løsning? Og har noen fått Arkivverket til å se på oppsettet?`,
		Replies: []SeedReply{
			{Author: thomas, Body: `Skriptet vårt for statistikk henter også kommentarer. Kanskje vi kan slå sammen arbeidet? Jeg har lagt det ut i området for kildekode og samarbeid.`, Likers: []string{hilde}},
			{Author: hilde, ReplyTo: 1, Body: `> Kanskje vi kan slå sammen arbeidet?

Gjerne! Vi må bare passe på at arkivdelen lager gyldige metadata.`},
			{Author: eirik, Body: `Slettingar som innbyggjarane gjer før eksporten, kan de ikkje gjere noko med, og det er greitt. Det viktige er at kommunen ikkje slettar sjølv utan å ha vurdert arkivverdien først.`, Likers: []string{hilde, per}},
		},
		Likers:  []string{thomas, eirik, per},
		Readers: []SeedRead{{thomas, 195}, {eirik, 190}, {per, 150}, {ingrid, 120}, {anne, 80}},
	},
	{
		Author: anne, Area: "arkivering", Visibility: membersOnly, DaysAgo: 14,
		Title: "Journalføring av direktemeldinger på Instagram",
		Tags:  []string{"Kommunikasjonsrådgiver", "Barn og unge"},
		Body: `Vi får stadig flere direktemeldinger på Instagram, særlig fra unge som spør om fritidstilbud, sommerjobb og ungdomsklubben. Noen meldinger handler om ting som burde vært i en sak, for eksempel en klage på en ansatt.

Problemet er at Instagram ikke har noen god eksport av enkeltmeldinger. I dag gjør vi slik:

- skjermbilde av meldingstråden
- lagrer det som PDF og journalfører det manuelt
- svarer avsenderen at saken er sendt videre

Det fungerer, men det er tungvint og lett å glemme. Hvordan gjør dere det?`,
		Replies: []SeedReply{
			{Author: hilde, Body: `Det er i praksis slik vi gjør det også. Det viktigste er at dere har en rutine, og at den følges. Sett gjerne av ti minutter hver fredag til å gå gjennom innboksen.`},
			{Author: nora, Body: `Vi har et autosvar på Instagram som sier at henvendelser om enkeltsaker bør sendes via kommunens digitale skjema. Det har redusert mengden betraktelig.`, Likers: []string{anne, per}},
			{Author: anne, ReplyTo: 2, Body: `> et autosvar på Instagram

Smart! Hvordan formulerte dere det uten at det virker avvisende?`},
			{Author: nora, ReplyTo: 3, Body: `> Hvordan formulerte dere det uten at det virker avvisende?

«Hei! Takk for meldingen. Vi svarer så fort vi kan på hverdager. Gjelder det en sak om deg eller familien din? Send den gjerne via skjemaet på nettsiden vår, så kommer den raskt til riktig person.»`, Likers: []string{anne, synnove, hilde}},
		},
		Likers:  []string{hilde, nora, per, synnove},
		Readers: []SeedRead{{hilde, 13}, {nora, 12}, {per, 10}, {synnove, 8}, {eirik, 7}, {kari, 3}, {ola, 1}},
	},
	{
		Author: eirik, Area: "arkivering", Visibility: membersOnly, DaysAgo: 310,
		Title: "Er kommentarar på kommunen si side arkivverdige?",
		Tags:  []string{"Ekspertrådgiver", "Høring"},
		Body: `Eg får ofte spørsmålet om kommentarfelta på kommunen sine sider skal arkiverast. Svaret er at det kjem an på innhaldet, ikkje på kanalen.

Etter [arkivlova](https://lovdata.no/dokument/NL/lov/1992-12-04-126) og arkivforskrifta skal dokument som er gjenstand for sakshandsaming eller har verdi som dokumentasjon, arkiverast. For kommentarar betyr det i praksis:

- spørsmål og klager som krev svar frå kommunen: **ja**
- innspel i ei høyring som kommunen har bede om i kommentarfeltet: **ja**
- reaksjonar, skryt og prat: **nei**

Eit godt råd er å aldri be om høyringsinnspel i kommentarfeltet. Be folk bruke eit skjema, så hamnar innspela rett i sak.`,
		Replies: []SeedReply{
			{Author: hilde, Body: `Helt enig, og det siste rådet er gull. Vi hadde en høring med 400 kommentarer som måtte arkiveres manuelt. Aldri igjen.`, Likers: []string{eirik, per}},
			{Author: kari, Body: `Kan du si litt mer om grensen for «verdi som dokumentasjon»? Vi hadde en stor debatt om ny skolestruktur i kommentarfeltet, uten at vi ba om innspill.`},
			{Author: eirik, ReplyTo: 2, Body: `> Vi hadde en stor debatt om ny skolestruktur i kommentarfeltet

Då ville eg arkivert innlegget og kommentarane samla som eitt dokument, fordi debatten kan vere relevant for ettertida. Det er ei skjønnsvurdering, så dokumenter kvifor de gjer det.`, Likers: []string{kari, hilde}},
		},
		Likers:  []string{hilde, kari, per, synnove},
		Readers: []SeedRead{{hilde, 305}, {kari, 300}, {per, 280}, {synnove, 250}, {anne, 200}, {ola, 150}},
	},
	{
		Author: hilde, Area: "arkivering", Visibility: municipality, DaysAgo: 150,
		Title: "Gjennomgang av arkivrutinen for sosiale medier",
		Tags:  []string{"Ekspertrådgiver"},
		Body: `Arkivrutinen for sosiale medier i Bodø kommune skal gjennomgås før sommeren. Jeg har listet opp det jeg vet ikke fungerer:

- to enheter har egne Facebook-sider som ikke er med i eksporten
- skjermbilder av skjulte kommentarer blir ikke journalført
- rutinen for sletting av direktemeldinger er ikke skrevet ned

Jeg setter opp et møte med enhetene i neste måned. Legg gjerne til punkter her før det.`,
	},

	// ── Kampanje ─────────────────────────────────────────────────────────
	{
		Author: ola, Area: "kampanje", Visibility: public, DaysAgo: 100,
		Title: "17. mai: ideer til innhold som ikke bare er flagg og is",
		Tags:  []string{"17. mai", "Arrangement", "Kultur"},
		Body: `Hvert år blir 17. mai-innholdet vårt ganske likt: program, flagg, is og en hilsen fra ordføreren. I år vil vi prøve noe nytt i bydelene. Noen ideer:

- **«Min første 17. mai»**: korte intervjuer med nye innbyggere om hva dagen betyr for dem
- bak kulissene med bydelens 17. mai-komité
- praktisk informasjon om stengte veier, toaletter og tilgjengelighet for rullestol
- direktesending fra barnetoget med tegnspråktolk

Vi planlegger også en enkel oversikt over arrangementer i alle bydeler. Hva har fungert hos dere? Og har noen erfaring med direktesending fra toget?`,
		Replies: []SeedReply{
			{Author: synnove, Body: `Vi hadde «Min første 17. mai» i fjor, og det var det mest delte innlegget vårt heile året. Hugs samtykke frå alle som er med, særleg barna.`, Likers: []string{ola, kari, aslak}},
			{Author: nora, Body: `Direktesending fra toget fungerte dårlig hos oss fordi mobilnettet blir overbelastet i sentrum. Vi filmet heller korte klipp og la dem ut fortløpende.`},
			{Author: ola, ReplyTo: 2, Body: `> mobilnettet blir overbelastet i sentrum

Det hadde jeg ikke tenkt på. Vi tester dekningen på generalprøven.`},
			{Author: kari, Body: `Husk teksting på klippene! Mange ser video uten lyd, og vi vil jo at alle skal med.`, Likers: []string{ola}},
			{Author: aslak, Body: `Hos oss er 17. mai tospråklig. Vi lager hilsenen både på norsk og samisk, og den samiske versjonen får flest delinger.`, Likers: []string{ola, synnove}},
		},
		Likers:  []string{synnove, nora, kari, aslak, anne, ingrid, marit},
		Readers: []SeedRead{{synnove, 98}, {nora, 95}, {kari, 90}, {aslak, 80}, {anne, 70}, {ingrid, 50}, {marit, 30}, {jon, 10}, {lars, 5}},
	},
	{
		Author: anne, Area: "kampanje", Visibility: membersOnly, DaysAgo: 280,
		Title: "Julekalender på Instagram – verdt innsatsen?",
		Tags:  []string{"Jul", "Kultur"},
		Body: `I fjor laget vi en julekalender på Instagram med 24 luker: én ansatt eller frivillig per dag, med et bilde og en kort historie. Den var populær, men den tok også nesten hele desember for meg.

Tall fra kalenderen:

| Uke | Snittrekkevidde per luke | Nye følgere |
|---|---|---|
| 1 | 3 200 | 140 |
| 2 | 2 700 | 80 |
| 3 | 2 400 | 60 |
| 4 | 4 100 | 210 |

Rekkevidden falt midt i og tok seg opp rundt julaften. I år vurderer jeg å gjøre det med bare åtte luker. Har noen sammenlignet korte og lange kalendere?`,
		Replies: []SeedReply{
			{Author: nora, Body: `Vi gikk over til å poste bare på adventssøndagene og julaften. Mye mindre arbeid og nesten samme engasjement.`, Likers: []string{anne}},
			{Author: jon, Body: `Planlegg alt i november og bruk planleggingsverktøyet. Da blir desember din igjen.`},
			{Author: anne, ReplyTo: 1, Body: `> bare på adventssøndagene og julaften

Det blir fem luker. Kanskje det er nok! Takk.`},
		},
		Likers:  []string{nora, jon, kari},
		Readers: []SeedRead{{nora, 275}, {jon, 270}, {kari, 250}, {synnove, 200}, {ola, 100}},
	},
	{
		Author: nora, Area: "kampanje", Visibility: membersOnly, DaysAgo: 40,
		Title: "Skolestart: kampanje for trygg skolevei",
		Tags:  []string{"Skolestart", "Skole", "Foreldre"},
		Body: `Til skolestart vil vi kjøre en kampanje om trygg skolevei sammen med politiet og Statens vegvesen. Målgruppen er foreldre til førsteklassinger og bilister generelt.

Planen:

1. en kort film der en seksåring viser skoleveien sin, tekstet og med synstolking
2. et kart over farlige kryss som foreldrene kan dele
3. en påminnelse første skoledag om å slippe av barna et stykke unna skolen

Vi vurderer å annonsere på Facebook mot foreldre i nærområdet til skolene. Har noen tall på hvordan slik målretting har fungert?`,
		Replies: []SeedReply{
			{Author: ola, Body: `Vi målrettet mot et område rundt hver skole i fjor og fikk god rekkevidde for lite penger. Husk at Meta har strammet inn på målretting etter livssituasjon, så sjekk hva som er lov nå.`},
			{Author: lars, Body: `Involver gjerne FAU på hver skole. De deler innholdet i foreldregruppene sine, og det er der foreldrene faktisk leser.`, Likers: []string{nora, ola}},
			{Author: nora, ReplyTo: 2, Body: `> Involver gjerne FAU på hver skole.

God idé, det gjør vi. Takk, @lars.dahl!`},
		},
		Likers:  []string{ola, lars, kari, synnove},
		Readers: []SeedRead{{ola, 38}, {lars, 36}, {kari, 30}, {synnove, 25}, {aslak, 15}, {anne, 9}},
	},
	{
		Author: synnove, Area: "kampanje", Visibility: membersOnly, DaysAgo: 370,
		Title: "Valdeltaking blant unge – kampanje før kommunevalet",
		Tags:  []string{"Barn og unge", "Kunngjøring"},
		Body: `Ved førre kommuneval var valdeltakinga blant førstegongsveljarane våre under 40 prosent. I år vil vi prøve ein kampanje saman med ungdomsrådet og dei vidaregåande skulane.

Tiltaka vi planlegg:

- korte videoar der unge forklarer korleis ein førehandsrøystar
- ein **valbuss** som køyrer til skulane
- Instagram-innlegg med praktisk informasjon om vallokale og opningstider

Vi er nøye med å vere politisk nøytrale, så vi snakkar berre om *korleis* og *kvifor* ein røystar, aldri *kva*. Har nokon erfaring med kva som faktisk fungerer?`,
		Replies: []SeedReply{
			{Author: ola, Body: `Valgbuss til skolene var det som virket best hos oss. Sosiale medier var mest nyttig for å fortelle hvor bussen var hver dag.`, Likers: []string{synnove}},
			{Author: kari, Body: `Vi laget en kort video med en lærer som forklarte forhåndsstemming på tre språk. Den ble delt mye i foreldregrupper.`},
			{Author: synnove, ReplyTo: 1, Body: `> Sosiale medier var mest nyttig for å fortelle hvor bussen var

Det er ein god tanke. Vi lagar ein enkel ruteplan for kvar dag.`},
		},
		Likers:  []string{ola, kari, nora, aslak},
		Readers: []SeedRead{{ola, 365}, {kari, 360}, {nora, 300}, {aslak, 250}, {eirik, 200}},
	},
	{
		Author: kari, Area: "kampanje", Visibility: membersOnly, DaysAgo: 55,
		Title: "Rekruttering av barnehagelærere i sosiale medier",
		Tags:  []string{"Barnehage", "Leder"},
		Body: `Vi mangler barnehagelærere, og stillingsannonsene på nettsiden gir få søkere. Nå vil vi prøve en kampanje på Instagram og Facebook der ansatte i barnehagene selv forteller om jobben.

Ideene så langt:

- en dag i livet til en pedagogisk leder, fortalt i Instagram-historier
- korte intervjuer om hvorfor de valgte yrket
- målrettede annonser mot studenter på barnehagelærerutdanningen

Hva har dere fått til med rekruttering i sosiale medier? Og hvordan måler dere om kampanjen faktisk gir søkere?`,
		Replies: []SeedReply{
			{Author: thomas, Body: `Lag en egen lenke til stillingsannonsen for hver kanal. Da ser du i rekrutteringssystemet hvor søkerne kommer fra.`, Likers: []string{kari, anne}},
			{Author: anne, Body: `Våre beste rekrutteringsinnlegg var de ansatte filmet selv på mobilen. De er mer troverdige enn noe vi produserer.`},
			{Author: kari, ReplyTo: 1, Body: `> Lag en egen lenke til stillingsannonsen for hver kanal.

Så enkelt, og så lurt. Takk!`},
		},
		Likers:  []string{thomas, anne, ingrid},
		Readers: []SeedRead{{thomas, 50}, {anne, 45}, {ingrid, 30}, {nora, 20}, {per, 7}},
	},
	{
		Author: nora, Area: "kampanje", Visibility: municipality, DaysAgo: 220,
		Title: "Kampanjeplan for nordlyssesongen – fordeling internt",
		Tags:  []string{"Kultur", "Næringsliv"},
		Body: `Her er utkastet til kampanjeplan for nordlyssesongen, bare for oss i Tromsø kommune. Vi samarbeider med reiselivet, men kommunen har ansvaret for innbyggerinformasjonen.

Fordeling:

- kommunikasjon: innlegg om trafikk, parkering og sikkerhet på utfartsstedene
- kultur: arrangementer og nordlysfestivalen
- teknisk: brøyting og strøing på de mest brukte utfartsveiene

Si fra om dere ikke kan ta ansvaret dere er satt opp med.`,
	},

	// ── Kildekode og samarbeid ───────────────────────────────────────────
	{
		Author: ingrid, Area: "kildekode-og-samarbeid", Visibility: public, DaysAgo: 16,
		Title: "Felles malbibliotek: skal vi samle strategimalene ett sted?",
		Tags:  []string{"Kommunikasjonsrådgiver", "Redaktør"},
		Body: `Mange av oss har laget de samme dokumentene hver for oss: strategi for sosiale medier, retningslinjer for ansatte, kommentarregler, vær varsom-plakat og beredskapsplan for kommunikasjon. Jeg foreslår at vi samler dem i ett felles malbibliotek her.

Forslag til regler:

1. alle maler har en eier og en dato for siste revisjon
2. malene deles med en åpen lisens, slik at alle kan endre dem
3. bokmål og nynorsk likestilles

Hva mener dere? Og hvem vil være med i en liten redaksjon som holder biblioteket oppdatert?`,
		Replies: []SeedReply{
			{Author: jon, Body: `Ja! Jeg legger inn vær varsom-plakaten og blir gjerne med i redaksjonen.`, Likers: []string{ingrid}},
			{Author: synnove, Body: `Eg er med. Eg tek ansvar for dei nynorske versjonane.`, Likers: []string{ingrid, eirik}},
			{Author: hilde, Body: `Jeg kan bidra med arkivrutinen og tabellen over hva som skal arkiveres.`},
			{Author: per, Body: `Jeg foreslår en åpen lisens som Creative Commons BY 4.0, så slipper vi å spørre hver gang vi gjenbruker noe.`},
			{Author: ingrid, ReplyTo: 4, Body: `> Creative Commons BY 4.0

Enig. Da består redaksjonen av @jon.bakken, @synnove.vik, @hilde.moe og meg. Jeg kaller inn til et første møte.`, Likers: []string{jon, synnove, hilde, per}},
		},
		Likers:  []string{jon, synnove, hilde, per, kari, anne, marit, ola},
		Readers: []SeedRead{{jon, 15}, {synnove, 14}, {hilde, 13}, {per, 10}, {kari, 7}, {anne, 5}, {marit, 3}, {ola, 2}, {lars, 1}, {aslak, 1}},
	},
	{
		Author: thomas, Area: "kildekode-og-samarbeid", Visibility: membersOnly, DaysAgo: 130,
		Title: "Åpent skript for å hente statistikk fra Facebook-sider",
		Tags:  []string{"Teknisk"},
		Body: `Jeg har skrevet et lite skript som henter månedlig statistikk fra kommunens Facebook- og Instagram-kontoer via API-et til Meta og lagrer den som CSV. Det regner også ut kvalitetsindikatoren (engasjement delt på følgere) som vi bruker i rapporteringen.

Skriptet er lagt ut med åpen kildekode på [GitHub](https://github.com). For å bruke det trenger dere:

- en systembruker i Meta Business Suite
- en tilgangsnøkkel med lesetilgang til sidene
- et sted å kjøre det én gang i måneden

Bidrag tas imot med takk, særlig hvis noen vil legge til LinkedIn.`,
		Replies: []SeedReply{
			{Author: hilde, Body: `Kan skriptet også hente kommentarer? Da kunne vi brukt det til arkiveksporten vår.`},
			{Author: thomas, ReplyTo: 1, Body: `> Kan skriptet også hente kommentarer?

Det er lett å legge til. Jeg lager en egen modul for arkiv, så kan du se over at metadataene blir riktige.`, Likers: []string{hilde, per}},
			{Author: per, Body: `Vi har fått det til å kjøre i Frogn. Det tok en time, mest fordi det var vanskelig å finne ut hvem som var administrator i Business Suite.`},
		},
		Likers:  []string{hilde, per, ingrid, anne},
		Readers: []SeedRead{{hilde, 128}, {per, 120}, {ingrid, 100}, {anne, 80}, {synnove, 40}},
	},
	{
		Author: synnove, Area: "kildekode-og-samarbeid", Visibility: membersOnly, DaysAgo: 85,
		Title: "Delte malar for krisemeldingar på nynorsk",
		Tags:  []string{"Driftsmelding", "Innbyggere"},
		Body: `Når noko skjer, har vi ikkje tid til å skrive gode tekstar frå botnen av. Eg har laga ei samling malar for krisemeldingar på nynorsk som vi kan dele:

- stengd veg og omkøyring
- kokevarsel for drikkevatn
- straumbrot og kvar folk kan få hjelp
- evakuering ved flaum eller ras

Malane har plass til tid, stad og kontaktinformasjon og er skrivne i klarspråk. Eg vil gjerne ha ein bokmålsversjon òg. Er det nokon som vil ta på seg å omsetje og kvalitetssikre?`,
		Replies: []SeedReply{
			{Author: lars, Body: `Jeg tar bokmålsversjonen. Vi har egne maler i Rakkestad som kan slås sammen med dine.`, Likers: []string{synnove}},
			{Author: aslak, Body: `Vi vil gjerne ha dem på nordsamisk også. Jeg kan oversette, men det tar litt tid.`, Likers: []string{synnove, lars}},
			{Author: synnove, ReplyTo: 2, Body: `> Vi vil gjerne ha dem på nordsamisk også.

Flott, @aslak.somby! Då har vi tre språk. Kanskje fleire kommunar kan bidra med andre språk seinare.`},
		},
		Likers:  []string{lars, aslak, eirik, ingrid, jon},
		Readers: []SeedRead{{lars, 83}, {aslak, 80}, {eirik, 70}, {ingrid, 50}, {jon, 40}, {nora, 20}},
	},
	{
		Author: ingrid, Area: "kildekode-og-samarbeid", Visibility: membersOnly, DaysAgo: 395,
		Title: "BetaTrondheim: slik tester vi nye verktøy før vi anbefaler dem",
		Tags:  []string{"Leder", "Fagansvarlig"},
		Body: `BetaTrondheim er en fast gruppe på fire personer som prøver ut nye digitale verktøy før de tas i bruk i kommunen. Mandatet vårt er å se hva som finnes, og deretter finne ut hvilke behov i kommunen det kan dekke.

Erfaringene så langt:

- **Det tar lang tid å endre måten folk jobber på.** Et godt verktøy hjelper ikke om ingen har tid til å lære det.
- Vi tester alltid sammen med en ekte enhet, ikke bare i gruppen.
- Vi skriver en kort rapport om hver test, også når svaret er «nei takk».

Rapportene deler vi gjerne. Har andre kommuner en liknende gruppe?`,
		Replies: []SeedReply{
			{Author: kari, Body: `Jeg har vært litt skeptisk til arbeidsformen, for det kan se ut som verktøyene leter etter et problem. Men rapportene deres er nyttige. Hvordan måler dere om et verktøy faktisk gjorde folk mer effektive?`},
			{Author: ingrid, ReplyTo: 1, Body: `> Hvordan måler dere om et verktøy faktisk gjorde folk mer effektive?

Rettferdig spørsmål. Vi spør enheten før og etter og ser på tidsbruk på konkrete oppgaver. Det er ikke perfekt, men bedre enn magefølelse.`, Likers: []string{kari, thomas}},
			{Author: thomas, Body: `Vi har noe liknende i Stavanger, men mer uformelt. Det kunne vært interessant å dele testrapportene mellom kommunene.`},
		},
		Likers:  []string{kari, thomas, per},
		Readers: []SeedRead{{kari, 390}, {thomas, 380}, {per, 370}, {anne, 300}, {jon, 10}},
	},
	{
		Author: per, Area: "kildekode-og-samarbeid", Visibility: municipality, DaysAgo: 4,
		Title: "Oversikt over hvem som har tilgang til hvilke kontoer",
		Tags:  []string{"Teknisk"},
		Body: `Som avtalt i redaksjonsrådet har jeg laget en oversikt over alle kontoene til Frogn kommune i sosiale medier, med administratorer og ansvarlige.

Status:

- 14 kontoer, hvorav 3 ikke har vært brukt på over et år
- 2 kontoer har bare én administrator, og det er tidligere ansatte
- alle kontoer skal ha tofaktorautentisering innen utgangen av måneden

Oversikten ligger i sak/arkiv. Gi meg beskjed om noe mangler.`,
	},

	// ── Beredskap ────────────────────────────────────────────────────────
	{
		Author: lars, Area: "beredskap", Visibility: membersOnly, DaysAgo: 110,
		Title: "Døgnberedskap på sosiale medier – hvordan organiserer dere vaktene?",
		Tags:  []string{"Kommunikasjonsrådgiver", "Leder"},
		Body: `I Rakkestad har vi hatt døgnberedskap for kommunikasjon i tre år. Organisasjonen var ikke helt moden for det i starten, men nå fungerer det. Slik har vi gjort det:

- fire personer går i vaktturnus, én uke hver
- vakten har kommunens telefon med tilgang til Facebook-siden og nettsiden
- ved hendelser varsler kriseledelsen vakten, ikke omvendt
- vakten har **fullmakt til å publisere** varsler uten å vente på godkjenning

Det vanskeligste har vært å finne en fornuftig godtgjøring for vakten. Hvordan har dere løst det, og hvor mange er dere i turnusen?`,
		Replies: []SeedReply{
			{Author: ola, Body: `Vi har beredskapsvakt i Oslo, men ikke en egen for sosiale medier. Det er en svakhet vi har sett i flere øvelser.`},
			{Author: aslak, Body: `Vi er for små til turnus. Løsningen vår er et samarbeid med nabokommunen: vi dekker hverandre i ferier.`, Likers: []string{lars, marit}},
			{Author: lars, ReplyTo: 2, Body: `> et samarbeid med nabokommunen

Det er en modell flere små kommuner burde se på. Har dere en skriftlig avtale?`},
			{Author: aslak, ReplyTo: 3, Body: `> Har dere en skriftlig avtale?

Ja, en enkel samarbeidsavtale vedtatt av begge kommunedirektørene. Jeg kan dele den.`, Likers: []string{lars}},
			{Author: synnove, Body: `Fullmakta til å publisere utan godkjenning er det viktigaste punktet her. Vi mista ein heil time under flaumen fordi vi venta på godkjenning.`, Likers: []string{lars, ingrid}},
		},
		Likers:  []string{ola, aslak, synnove, ingrid, marit},
		Readers: []SeedRead{{ola, 108}, {aslak, 105}, {synnove, 100}, {ingrid, 90}, {marit, 70}, {nora, 40}, {thomas, 14}},
	},
	{
		Author: lars, Area: "beredskap", Visibility: membersOnly, DaysAgo: 230,
		Title: "ROS-analyse: har dere tatt med sosiale medier?",
		Tags:  []string{"Leder", "Teknisk"},
		Body: `Vi skal revidere den helhetlige ROS-analysen, og jeg vil at sosiale medier skal med som eget tema. Jeg tenker på hendelser som:

1. kommunens konto blir kapret og brukt til å spre falsk informasjon
2. falske rykter sprer seg raskere enn vi klarer å svare
3. plattformene er nede akkurat når vi trenger dem

Hvordan har dere vurdert sannsynlighet og konsekvens for slike hendelser? Og har dere tiltak i beredskapsplanen for når Facebook ikke er tilgjengelig? [DSB](https://www.dsb.no) har veiledning om ROS-analyser, men lite om kommunikasjon.`,
		Replies: []SeedReply{
			{Author: thomas, Body: `Kapret konto har vi vurdert som middels sannsynlighet og høy konsekvens. Tiltakene er tofaktorautentisering på alle kontoer, og at minst to personer alltid er administrator.`, Likers: []string{lars, per}},
			{Author: per, ReplyTo: 1, Body: `> minst to personer alltid er administrator

Dette var nettopp problemet hos oss. To kontoer hadde bare en tidligere ansatt som administrator.`},
			{Author: nora, Body: `Vi har lagt inn nettsiden og SMS-varsling som reserve når plattformene er nede. Poenget er at ingen kanal skal være den eneste.`, Likers: []string{lars}},
		},
		Likers:  []string{thomas, per, nora},
		Readers: []SeedRead{{thomas, 225}, {per, 220}, {nora, 200}, {ola, 150}, {aslak, 100}, {ingrid, 50}},
	},
	{
		Author: aslak, Area: "beredskap", Visibility: membersOnly, DaysAgo: 28,
		Title: "Strømbrudd: hvordan når vi innbyggerne når nettet er nede?",
		Tags:  []string{"Eldre", "Innbyggere", "Driftsmelding"},
		Body: `Under uværet i vinter var det strømbrudd i nesten to døgn i deler av kommunen. Mobilnettet falt ut etter noen timer, og Facebook-siden vår var plutselig uten verdi for dem som trengte informasjonen mest.

Det som fungerte:

- lokalradioen, som gikk på nødstrøm
- oppslag på butikken og kirken
- frivillige som gikk rundt til eldre som bor alene

Nå skriver vi om beredskapsplanen. Hvilke kanaler har dere i planen for når både strøm og mobilnett er borte? Og hvordan holder dere oversikt over innbyggere som trenger ekstra oppfølging?`,
		Replies: []SeedReply{
			{Author: lars, Body: `Vi har forhåndsavtalte informasjonspunkter på skolene, med aggregat og satellittelefon. Innbyggerne får vite om dem gjennom en brosjyre hvert år.`, Likers: []string{aslak, eirik}},
			{Author: synnove, Body: `Vi har eit register over heimebuande som treng hjelp, i samarbeid med heimetenesta. Det var heilt avgjerande under flaumen.`, Likers: []string{aslak}},
			{Author: aslak, ReplyTo: 1, Body: `> forhåndsavtalte informasjonspunkter på skolene

Det tar vi med. Er brosjyren på flere språk?`},
			{Author: lars, ReplyTo: 3, Body: `> Er brosjyren på flere språk?

På norsk, engelsk, polsk og arabisk. Det burde nok vært flere.`},
		},
		Likers:  []string{lars, synnove, eirik, nora},
		Readers: []SeedRead{{lars, 27}, {synnove, 25}, {eirik, 20}, {nora, 15}, {ola, 6}, {marit, 5}, {kari, 2}},
	},
	{
		Author: ola, Area: "beredskap", Visibility: membersOnly, DaysAgo: 6,
		Title: "Øvelse: scenario med falsk nyhet om stengt skole",
		Tags:  []string{"Skole", "Foreldre"},
		Body: `Vi planlegger en kommunikasjonsøvelse neste måned, og jeg vil dele scenarioet før vi kjører det:

> Klokka 07.15 en mandag sprer det seg et skjermbilde i foreldregrupper om at en skole er stengt på grunn av en trussel. Skjermbildet ser ut som et innlegg fra kommunens Facebook-side, men er falskt.

Vi øver på å bekrefte fakta med skolen og politiet, publisere en avkreftelse raskt og svare på hundrevis av meldinger på kort tid. Har noen kjørt en liknende øvelse? Hva bør vi evaluere etterpå?`,
		Replies: []SeedReply{
			{Author: lars, Body: `Mål tiden fra første varsel til første publisering. Det er det eneste tallet ledelsen husker etterpå. Vi brukte 40 minutter i første øvelse og 12 i den andre.`, Likers: []string{ola}},
			{Author: marit, Body: `Ta med hvordan dere svarer foreldre som er redde. En avkreftelse på Facebook roer ikke alle – noen trenger en telefon fra rektor.`, Likers: []string{ola, lars}},
		},
		Likers:  []string{lars, marit},
		Readers: []SeedRead{{lars, 5}, {marit, 4}, {thomas, 3}, {anne, 2}, {ingrid, 1}},
	},
	{
		Author: lars, Area: "beredskap", Visibility: municipality, DaysAgo: 50,
		Title: "Oppdatert vaktliste for kommunikasjonsberedskap i sommer",
		Tags:  []string{"Sommerferie"},
		Body: `Her er vaktlisten for kommunikasjonsberedskapen i Rakkestad kommune i sommerferien. Den er bare synlig for oss i kommunen.

- uke 27–28: Lars
- uke 29–30: vikar fra servicetorget, med Lars som bakvakt
- uke 31–32: kommunikasjonsrådgiver

Vakttelefonen overleveres fredag kl. 12. Husk å teste innloggingen på Facebook-siden og nettsiden før vakten starter.`,
	},

	// ── Krisehåndtering ──────────────────────────────────────────────────
	{
		Author: synnove, Area: "krisehandtering", Visibility: public, DaysAgo: 170,
		Title: "Flaumen i Voss: kva vi lærte om krisekommunikasjon",
		Tags:  []string{"Innbyggere", "Driftsmelding", "Pressemelding"},
		Body: `Det er gått ei stund sidan flaumen, og vi har evaluert kommunikasjonen. Her er dei viktigaste lærdomane:

1. **Fyrste melding tidleg, sjølv om vi ikkje veit alt.** Folk godtek at vi ikkje har alle svara, men ikkje at vi er stille.
2. Faste oppdateringar kvar time, sjølv når det ikkje er noko nytt.
3. Éin stad med all informasjon: ei kriseside på nettsida som alle innlegg lenkjer til.
4. Farevarsel frå [varsom.no](https://www.varsom.no) må omsetjast til kva dei betyr for folk i kvar bygd.

Det som ikkje fungerte, var godkjenningsrutinane. Vi venta ein heil time på godkjenning av ei melding om evakuering. Det har vi no endra i beredskapsplanen.`,
		Replies: []SeedReply{
			{Author: lars, Body: `Takk for at du deler. Punkt 2 er undervurdert: faste oppdateringer gjør at folk slutter å ringe for å spørre om det er noe nytt.`, Likers: []string{synnove, nora}},
			{Author: eirik, Body: `Eit juridisk poeng: pålegg om evakuering kan vere enkeltvedtak. Sjå til at dei vert dokumenterte og arkiverte, òg når dei berre vart publiserte på Facebook.`},
			{Author: ingrid, Body: `Vi har brukt dette innlegget i opplæringen av beredskapsvaktene våre. Fint om vi kan lenke til det fra malbiblioteket, @synnove.vik.`},
			{Author: synnove, ReplyTo: 3, Body: `> Fint om vi kan lenke til det fra malbiblioteket

Sjølvsagt, berre bruk det.`},
			{Author: nora, Body: `Hvordan håndterte dere rykter underveis? Vi opplevde at rykter om stengte veier spredte seg raskere enn de offisielle meldingene.`},
			{Author: synnove, ReplyTo: 5, Body: `> rykter om stengte veier spredte seg raskere enn de offisielle meldingene

Vi hadde ein person som berre følgde med på lokale Facebook-grupper og retta opp feil med lenke til krisesida. Det hjelpte mykje.`, Likers: []string{nora, lars, ola}},
		},
		Likers:  []string{lars, eirik, ingrid, nora, aslak, ola, marit, anne, thomas},
		Readers: []SeedRead{{lars, 168}, {eirik, 165}, {ingrid, 160}, {nora, 150}, {aslak, 120}, {ola, 100}, {marit, 60}, {anne, 31}, {thomas, 26}, {kari, 3}, {per, 2}, {jon, 1}},
	},
	{
		Author: marit, Area: "krisehandtering", Visibility: membersOnly, DaysAgo: 265,
		Title: "Når en sak går viralt: 48 timer i kommentarstormen",
		Tags:  []string{"Leder", "Pressemelding"},
		Body: `Jeg har lenge tenkt å skrive om saken som fikk oss til å stenge Facebook-siden i Råde. Her er en kort tidslinje:

- **Fredag kl. 16:** en innbygger legger ut et innlegg om en barnevernssak, med navnet på saksbehandleren
- **Fredag kveld:** 300 kommentarer, flere med trusler. Ingen av oss er på jobb
- **Lørdag:** riksmediene ringer. Vi har ingen beredskap og ingen plan
- **Søndag:** vi stenger siden

I ettertid ser jeg at problemet ikke var Facebook, men at vi manglet rutiner, beredskap og en plan for hvem som gjorde hva. Jeg deler gjerne mer hvis det kan hjelpe andre.`,
		Replies: []SeedReply{
			{Author: lars, Body: `Takk for at du deler dette så åpent. Det er akkurat denne typen erfaring vi trenger mer av.`, Likers: []string{marit}},
			{Author: anne, Body: `Hvordan gikk det med saksbehandleren? Det er den delen jeg er mest redd for hos oss.`},
			{Author: marit, ReplyTo: 2, Body: `> Hvordan gikk det med saksbehandleren?

Hun var sykmeldt en periode, men er tilbake nå. Vi fikk hjelp fra bedriftshelsetjenesten, og hun sier at det viktigste var at ledelsen tok kontakt med en gang.`, Likers: []string{anne, jon}},
			{Author: ingrid, Body: `Dette burde bli en case i en felles øvelse. Kan vi bruke det, anonymisert?`},
			{Author: marit, ReplyTo: 4, Body: `> Kan vi bruke det, anonymisert?

Ja, gjerne.`},
		},
		Likers:  []string{lars, anne, ingrid, jon, per, kari},
		Readers: []SeedRead{{lars, 260}, {anne, 255}, {ingrid, 250}, {jon, 200}, {per, 150}, {kari, 100}, {ola, 45}, {thomas, 7}},
	},
	{
		Author: lars, Area: "krisehandtering", Visibility: membersOnly, DaysAgo: 35,
		Title: "Pressemelding eller Facebook først når noe skjer?",
		Tags:  []string{"Pressemelding", "Kommunikasjonsrådgiver"},
		Body: `Vi har en intern diskusjon om rekkefølgen når noe alvorlig skjer. Noen mener lokalavisen skal få pressemeldingen først, fordi de når flest. Andre mener vi skal publisere i egne kanaler først, fordi det er der innbyggerne leter.

Min holdning: **innbyggerne først, samtidig med media**. Én tekst, publisert på nettsiden, delt på Facebook og sendt som pressemelding i samme minutt.

Hvordan gjør dere det? Og har dere fått reaksjoner fra lokalpressen på å bli «forbigått»?`,
		Replies: []SeedReply{
			{Author: ola, Body: `Samtidig, alltid. Lokalavisen har aldri klaget – de får jo samme tekst i samme øyeblikk.`, Likers: []string{lars}},
			{Author: synnove, Body: `Vi gjer det same. Unntaket er når det gjeld liv og helse: då går varselet ut på SMS fyrst.`, Likers: []string{lars, ola}},
		},
		Likers:  []string{ola, synnove, thomas},
		Readers: []SeedRead{{ola, 33}, {synnove, 30}, {thomas, 20}, {anne, 10}, {nora, 8}},
	},
	{
		Author: nora, Area: "krisehandtering", Visibility: membersOnly, DaysAgo: 3,
		Title: "Snøskred og stengte veier: hvordan holde oppdateringene ferske?",
		Tags:  []string{"Samferdsel", "Driftsmelding"},
		Body: `Denne uken har vi hatt flere veier stengt på grunn av skredfare. Informasjonen endrer seg hver time, og gamle innlegg på Facebook blir delt videre lenge etter at de er utdaterte.

Vi prøver nå dette:

- ett fast innlegg som vi **oppdaterer**, i stedet for nye innlegg hver gang
- tidspunkt for siste oppdatering øverst i teksten
- lenke til trafikkmeldingene fra Statens vegvesen

Noen som har bedre grep? Jeg er særlig usikker på om det er lurt å redigere innlegg, eller om det skaper mer forvirring.`,
		Replies: []SeedReply{
			{Author: lars, Body: `Rediger, og skriv «Oppdatert kl. 14.30» øverst. Slett gamle innlegg når de er utdaterte – men arkiver dem først.`, Likers: []string{nora}},
		},
		Likers:  []string{lars, aslak},
		Readers: []SeedRead{{lars, 2}, {aslak, 1}, {synnove, 0}, {ola, 1}},
	},
	{
		Author: thomas, Area: "krisehandtering", Visibility: municipality, DaysAgo: 22,
		Title: "Evaluering etter drikkevannsvarselet – utkast",
		Tags:  []string{"Helse", "Driftsmelding"},
		Body: `Her er utkastet til evaluering av kommunikasjonen under drikkevannsvarselet i Stavanger kommune. Det er bare synlig for oss internt til det er behandlet.

Noen tall:

| Kanal | Nådde innen én time |
|---|---|
| SMS-varsling | 92 % |
| Facebook | 41 % |
| Nettsiden | 18 % |

Hovedfunnet er at SMS-varslingen var avgjørende, og at kokevarselet på Facebook ble delt mye, men sent. Kommentarer til utkastet sendes meg innen torsdag.`,
	},
	{
		Author: jon, Area: "krisehandtering", Visibility: public, DaysAgo: 1,
		Title: "Brann på skolen i natt: maler for foreldreinformasjon",
		Tags:  []string{"Skole", "Foreldre", "Pressemelding"},
		Body: `Det brant i en av barneskolene våre i natt. Ingen er skadet, men skolen er stengt resten av uken. Jeg har laget tre tekster som andre kan gjenbruke hvis det skjer hos dere:

1. **Første melding**, publisert på Facebook og nettsiden: hva som har skjedd, at ingen er skadet, og at foreldre får mer informasjon klokka 10
2. **SMS til foreldre** via skolens varslingssystem, med samme innhold
3. **Oppdatering** om alternativ undervisning og skyss

Det viktigste vi gjorde, var å sende første melding før ryktene kom. Tekstene ligger i malbiblioteket.`,
		Replies: []SeedReply{
			{Author: lars, Body: `Godt håndtert. At dere sa når neste oppdatering kommer, sparer dere for hundre telefoner.`, Likers: []string{jon}},
			{Author: ola, Body: `Takk for at du deler mens det står på. @jon.bakken, si fra om dere trenger hjelp med pressehenvendelsene.`, Likers: []string{jon}},
		},
		Likers:  []string{lars, ola, anne},
		Readers: []SeedRead{{lars, 1}, {ola, 0}, {anne, 0}, {marit, 1}, {kari, 0}},
	},
}
