package web_test

// The OpenAPI document (web/openapi.json, served at /api/v1/openapi.json)
// must describe every /api/v1 route the server registers, and real answers
// of every route must match the documented schema: every required property
// present, every property documented, every value of the documented type.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/internal/dbtest"
	"github.com/allmenning/allmenning/store"
)

type openAPIDoc struct {
	raw  map[string]any
	path string
}

func loadOpenAPI(t *testing.T) *openAPIDoc {
	t.Helper()
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	return &openAPIDoc{raw: raw, path: "openapi.json"}
}

func (d *openAPIDoc) paths() map[string]any { return asMap(d.raw["paths"]) }

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// resolve follows a local $ref.
func (d *openAPIDoc) resolve(v map[string]any) (map[string]any, error) {
	for i := 0; i < 10; i++ {
		ref, ok := v["$ref"].(string)
		if !ok {
			return v, nil
		}
		if !strings.HasPrefix(ref, "#/") {
			return nil, fmt.Errorf("non-local $ref %q", ref)
		}
		var cur any = d.raw
		for _, part := range strings.Split(ref[2:], "/") {
			cur = asMap(cur)[part]
		}
		if cur == nil {
			return nil, fmt.Errorf("$ref %q resolves to nothing", ref)
		}
		v = asMap(cur)
	}
	return nil, fmt.Errorf("$ref loop")
}

// apiRoutes lists the API routes the server registers, "METHOD /api/v1/…".
func apiRoutes(t *testing.T) []string {
	t.Helper()
	var routes []string
	for _, r := range registeredRoutes(t, nil) {
		method, p, ok := strings.Cut(r, " ")
		if ok && strings.HasPrefix(p, "/api/v1/") {
			routes = append(routes, method+" "+p)
		} else if strings.HasPrefix(r, "/api/v1/") {
			t.Errorf("API route %q has no method", r)
		}
	}
	if len(routes) < 7 {
		t.Fatalf("found only %d API routes: %v", len(routes), routes)
	}
	return routes
}

func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	if v, _ := doc.raw["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Fatalf("openapi = %q, want 3.x", v)
	}
	info := asMap(doc.raw["info"])
	if info["title"] == "" || info["version"] == "" {
		t.Errorf("info = %v", info)
	}

	// Every $ref resolves.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["$ref"]; ok {
				if _, err := doc.resolve(v); err != nil {
					t.Errorf("%s: %v", at, err)
				}
			}
			for k, c := range v {
				walk(c, at+"/"+k)
			}
		case []any:
			for i, c := range v {
				walk(c, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc.raw, "#")

	components := asMap(doc.raw["components"])
	schemes := asMap(components["securitySchemes"])
	if b := asMap(schemes["bearerAuth"]); b["type"] != "http" || b["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v", b)
	}
	if c := asMap(schemes["cookieAuth"]); c["type"] != "apiKey" || c["in"] != "cookie" || c["name"] != "alm_session" {
		t.Errorf("cookieAuth = %v", c)
	}
	schemas := asMap(components["schemas"])
	for _, name := range []string{"Municipality", "Member", "Grant", "Error"} {
		if schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
	errSchema := asMap(schemas["Error"])
	for _, p := range []string{"code", "message", "fields"} {
		if asMap(errSchema["properties"])[p] == nil {
			t.Errorf("Error schema lacks %q", p)
		}
	}
	if !slices.Equal(toStrings(errSchema["required"]), []string{"code", "message"}) {
		t.Errorf("Error requires %v, want code and message", errSchema["required"])
	}
	for _, code := range []string{"Unauthorized", "Forbidden", "NotFound"} {
		if asMap(components["responses"])[code] == nil {
			t.Errorf("response %s missing", code)
		}
	}

	// Every registered API route is documented, and nothing else is.
	routes := apiRoutes(t)
	documented := map[string]bool{}
	for p, item := range doc.paths() {
		for method := range asMap(item) {
			if method == "parameters" {
				continue
			}
			documented[strings.ToUpper(method)+" "+p] = true
		}
	}
	for _, r := range routes {
		if !documented[r] {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
		delete(documented, r)
	}
	for r := range documented {
		t.Errorf("the OpenAPI document describes %s, which the server does not register", r)
	}

	// Each operation: path parameters declared, errors documented as Error.
	paramRe := regexp.MustCompile(`\{([a-z_]+)\}`)
	for p, item := range doc.paths() {
		for method, o := range asMap(item) {
			op := asMap(o)
			name := strings.ToUpper(method) + " " + p
			if op["operationId"] == nil || op["summary"] == nil {
				t.Errorf("%s: no operationId or summary", name)
			}
			declared := map[string]bool{}
			for _, prm := range asSlice(op["parameters"]) {
				prm, err := doc.resolve(asMap(prm))
				if err != nil {
					continue
				}
				if prm["in"] == "path" {
					declared[prm["name"].(string)] = true
					if prm["required"] != true {
						t.Errorf("%s: path parameter %v not required", name, prm["name"])
					}
				}
			}
			for _, m := range paramRe.FindAllStringSubmatch(p, -1) {
				if !declared[m[1]] {
					t.Errorf("%s: path parameter %s not declared", name, m[1])
				}
			}
			responses := asMap(op["responses"])
			secured := true
			for _, s := range asSlice(op["security"]) {
				if len(asMap(s)) == 0 {
					secured = false
				}
			}
			if op["security"] == nil {
				t.Errorf("%s: no security requirement (public operations list {} first)", name)
			}
			if secured && responses["401"] == nil {
				t.Errorf("%s needs authentication but documents no 401", name)
			}
			if len(declared) > 0 && responses["404"] == nil {
				t.Errorf("%s has path parameters but documents no 404", name)
			}
			for status, r := range responses {
				r, err := doc.resolve(asMap(r))
				if err != nil {
					continue
				}
				schema := asMap(asMap(asMap(r["content"])["application/json"])["schema"])
				if schema == nil {
					t.Errorf("%s %s: no application/json schema", name, status)
				} else if status >= "400" && schema["$ref"] != "#/components/schemas/Error" {
					t.Errorf("%s %s: error response is not an Error", name, status)
				}
			}
		}
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func toStrings(v any) []string {
	var out []string
	for _, s := range asSlice(v) {
		out = append(out, fmt.Sprint(s))
	}
	return out
}

// validate checks v against a schema and returns what does not match.
func (d *openAPIDoc) validate(v any, schema map[string]any, at string) []string {
	schema, err := d.resolve(schema)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	if v == nil {
		if schema["nullable"] == true {
			return nil
		}
		return []string{at + ": null, want " + fmt.Sprint(schema["type"])}
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if enum := asSlice(schema["enum"]); enum != nil && !slices.Contains(enum, v) {
		fail("%v is not one of %v", v, enum)
	}
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			fail("%T, want object", v)
			break
		}
		props, declared := schema["properties"].(map[string]any)
		for _, req := range toStrings(schema["required"]) {
			if _, ok := obj[req]; !ok {
				fail("required property %q missing", req)
			}
		}
		for k, pv := range obj {
			if ps := asMap(props[k]); ps != nil {
				errs = append(errs, d.validate(pv, ps, at+"."+k)...)
				continue
			}
			switch extra := schema["additionalProperties"].(type) {
			case map[string]any:
				errs = append(errs, d.validate(pv, extra, at+"."+k)...)
			case bool:
				if !extra {
					fail("property %q is not documented", k)
				}
			default:
				// Stricter than OpenAPI's default, so that the document stays
				// complete: an object that lists properties lists all of them.
				if declared {
					fail("property %q is not documented", k)
				}
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			fail("%T, want array", v)
			break
		}
		for i, item := range arr {
			errs = append(errs, d.validate(item, asMap(schema["items"]), fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			fail("%T, want string", v)
			break
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339, s); err != nil {
				fail("%q is not a date-time", s)
			}
		case "email":
			if _, err := mail.ParseAddress(s); err != nil {
				fail("%q is not an e-mail address", s)
			}
		case "uri":
			if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
				fail("%q is not an absolute URI", s)
			}
		}
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			fail("%q does not match %s", s, p)
		}
	case "integer", "number":
		n, ok := v.(float64)
		if !ok {
			fail("%T, want %s", v, schema["type"])
			break
		}
		if schema["type"] == "integer" && n != float64(int64(n)) {
			fail("%v is not an integer", n)
		}
		if m, ok := schema["minimum"].(float64); ok && n < m {
			fail("%v < minimum %v", n, m)
		}
		if m, ok := schema["maximum"].(float64); ok && n > m {
			fail("%v > maximum %v", n, m)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			fail("%T, want boolean", v)
		}
	case nil:
	default:
		fail("unknown schema type %v", schema["type"])
	}
	return errs
}

// responseSchema is the documented schema for an answer of a route.
func (d *openAPIDoc) responseSchema(t *testing.T, route string, status int) map[string]any {
	t.Helper()
	method, p, _ := strings.Cut(route, " ")
	op := asMap(asMap(d.paths()[p])[strings.ToLower(method)])
	if op == nil {
		t.Fatalf("%s is not documented", route)
	}
	r := asMap(asMap(op["responses"])[strconv.Itoa(status)])
	if r == nil {
		t.Fatalf("%s: status %d is not documented", route, status)
	}
	r, err := d.resolve(r)
	if err != nil {
		t.Fatal(err)
	}
	return asMap(asMap(asMap(r["content"])["application/json"])["schema"])
}

// probe is one real request of a route whose answer is checked against the document.
type probe struct {
	route  string // the pattern as registered
	role   string
	bearer bool // authenticate with an API token instead of the session
	path   string
	body   string // JSON for POST
	status int
	check  func(t *testing.T, v any)
}

func TestOpenAPIMatchesResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	routes := apiRoutes(t)
	dbtest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		if err := db.EnsureTaxonomy(ctx, allmenning.DefaultAreas, allmenning.DefaultFacets); err != nil {
			t.Fatal(err)
		}
		if err := db.AddDomain(ctx, trondhm, "skole.trondheim.no"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.UpdateProfile(ctx, e.members[member].ID, allmenning.ProfileUpdate{
			Name: "Mari Medlem", JobTitle: "Rådgiver", Bio: "Om meg", Competences: []string{"beredskap, arkiv"}, Language: "nn",
		}); err != nil {
			t.Fatal(err)
		}
		secret, _, err := e.accounts.CreateAPIToken(ctx, e.members[member], "OpenAPI")
		if err != nil {
			t.Fatal(err)
		}

		// The served document is the file.
		served := e.client(t).get("/api/v1/openapi.json")
		file, _ := os.ReadFile("openapi.json")
		if served.Body != string(file) {
			t.Error("/api/v1/openapi.json differs from web/openapi.json")
		}
		if ct := served.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("openapi.json Content-Type %q", ct)
		}

		var threadID, replyID, questionID, answerID string
		idOf := func(v any) string { return strconv.FormatInt(int64(asMap(v)["id"].(float64)), 10) }
		probes := []probe{
			{route: "GET /api/v1/openapi.json", role: anonymous, path: "/api/v1/openapi.json", status: 200},
			{route: "GET /api/v1/municipalities", role: anonymous, path: "/api/v1/municipalities", status: 200,
				check: func(t *testing.T, v any) {
					if n := len(asSlice(v)); n != 357 {
						t.Errorf("%d municipalities", n)
					}
				}},
			{route: "GET /api/v1/municipalities", role: anonymous, path: "/api/v1/municipalities", status: 401, bearer: true},
			{route: "GET /api/v1/counties", role: member, path: "/api/v1/counties", status: 200},
			{route: "GET /api/v1/municipalities/{number}", role: anonymous, path: "/api/v1/municipalities/5001", status: 200,
				check: func(t *testing.T, v any) {
					if asMap(v)["name"] != "Trondheim" {
						t.Errorf("5001 = %v", v)
					}
				}},
			{route: "GET /api/v1/municipalities/{number}", role: anonymous, path: "/api/v1/municipalities/50", status: 200},
			{route: "GET /api/v1/municipalities/{number}", role: anonymous, path: "/api/v1/municipalities/5636", status: 200},
			{route: "GET /api/v1/municipalities/{number}", role: anonymous, path: "/api/v1/municipalities/9999", status: 404},
			{route: "GET /api/v1/members", role: anonymous, path: "/api/v1/members", status: 401},
			{route: "GET /api/v1/members", role: member, path: "/api/v1/members", status: 200},
			{route: "GET /api/v1/members", role: operator, path: "/api/v1/members?limit=2", status: 200},
			{route: "GET /api/v1/members/{id}", role: anonymous, path: "/api/v1/members/" + e.id(member), status: 401},
			{route: "GET /api/v1/members/{id}", role: other, path: "/api/v1/members/" + e.id(member), status: 200},
			{route: "GET /api/v1/members/{id}", role: member, path: "/api/v1/members/" + e.id(muniAdmin), status: 200, bearer: true},
			{route: "GET /api/v1/members/{id}", role: member, path: "/api/v1/members/999999", status: 404},
			{route: "GET /api/v1/me", role: anonymous, path: "/api/v1/me", status: 401},
			{route: "GET /api/v1/me", role: member, path: "/api/v1/me", status: 200, bearer: true,
				check: func(t *testing.T, v any) {
					if asMap(v)["email"] != people[member].email {
						t.Errorf("me = %v", v)
					}
				}},
			{route: "GET /api/v1/me", role: operator, path: "/api/v1/me", status: 200},

			{route: "GET /api/v1/areas", role: anonymous, path: "/api/v1/areas", status: 200,
				check: func(t *testing.T, v any) {
					if len(asSlice(v)) == 0 {
						t.Error("no areas")
					}
				}},
			{route: "GET /api/v1/facets", role: member, path: "/api/v1/facets", status: 200},
			{route: "POST /api/v1/threads", role: anonymous, path: "/api/v1/threads", status: 401,
				body: `{"title":"Hei på deg","body":"Tekst","area":"etikk"}`},
			{route: "POST /api/v1/threads", role: member, bearer: true, path: "/api/v1/threads", status: 422,
				body: `{"title":"","body":"","area":"etikk"}`},
			{route: "POST /api/v1/threads", role: member, bearer: true, path: "/api/v1/threads", status: 201,
				body:  `{"title":"Hvordan arkiverer dere kommentarer?","body":"Vi lurer på **Noark 5** og sosiale medier.","area":"arkivering","tags":["jul"],"visibility":"members"}`,
				check: func(t *testing.T, v any) { threadID = idOf(v) }},
			{route: "GET /api/v1/threads", role: member, path: "/api/v1/threads", status: 200,
				check: func(t *testing.T, v any) {
					if len(asSlice(asMap(v)["threads"])) != 1 {
						t.Errorf("threads = %v", v)
					}
				}},
			{route: "GET /api/v1/threads", role: anonymous, path: "/api/v1/threads", status: 200},
			{route: "GET /api/v1/threads/{id}", role: anonymous, path: "/api/v1/threads/{thread}", status: 401},
			{route: "GET /api/v1/threads/{id}", role: member, path: "/api/v1/threads/999999", status: 404},
			{route: "POST /api/v1/threads/{id}/replies", role: other, path: "/api/v1/threads/{thread}/replies", status: 201,
				body:  `{"body":"Vi journalfører det som er saksbehandling."}`,
				check: func(t *testing.T, v any) { replyID = idOf(v) }},
			{route: "POST /api/v1/threads/{id}/replies", role: other, path: "/api/v1/threads/999999/replies", status: 404, body: `{"body":"x"}`},
			{route: "POST /api/v1/threads/{id}/like", role: other, path: "/api/v1/threads/{thread}/like", status: 200},
			{route: "DELETE /api/v1/threads/{id}/like", role: other, path: "/api/v1/threads/{thread}/like", status: 200},
			{route: "POST /api/v1/threads/{id}/like", role: other, path: "/api/v1/threads/{thread}/like", status: 200},
			{route: "POST /api/v1/replies/{id}/like", role: member, bearer: true, path: "/api/v1/replies/{reply}/like", status: 200},
			{route: "DELETE /api/v1/replies/{id}/like", role: member, bearer: true, path: "/api/v1/replies/{reply}/like", status: 200},
			{route: "POST /api/v1/replies/{id}/like", role: member, path: "/api/v1/replies/{reply}/like", status: 200},
			{route: "GET /api/v1/threads/{id}", role: member, path: "/api/v1/threads/{thread}", status: 200,
				check: func(t *testing.T, v any) {
					if len(asSlice(asMap(v)["replies"])) != 1 || asMap(v)["like_count"] != 1.0 {
						t.Errorf("thread = %v", v)
					}
				}},
			{route: "GET /api/v1/search", role: member, path: "/api/v1/search?q=noark", status: 200},
			{route: "GET /api/v1/search", role: member, path: "/api/v1/search", status: 422},

			{route: "GET /api/v1/follows", role: anonymous, path: "/api/v1/follows", status: 401},
			{route: "POST /api/v1/follows", role: member, bearer: true, path: "/api/v1/follows", status: 201, body: `{"kind":"area","id":"etikk"}`,
				check: func(t *testing.T, v any) {
					if asMap(v)["name"] != "Etikk" || asMap(v)["slug"] != "etikk" {
						t.Errorf("follow = %v", v)
					}
				}},
			{route: "POST /api/v1/follows", role: other, path: "/api/v1/follows", status: 201, body: `{"kind":"thread","id":{thread}}`},
			{route: "POST /api/v1/follows", role: member, path: "/api/v1/follows", status: 404, body: `{"kind":"area","id":"finnes-ikke"}`},
			{route: "POST /api/v1/follows", role: member, path: "/api/v1/follows", status: 422, body: `{"kind":"gruppe","id":1}`},
			{route: "GET /api/v1/follows", role: member, bearer: true, path: "/api/v1/follows", status: 200,
				check: func(t *testing.T, v any) {
					if n := len(asSlice(asMap(v)["follows"])); n != 2 { // etikk and the thread Mari started
						t.Errorf("follows = %v", v)
					}
				}},
			{route: "DELETE /api/v1/follows/{kind}/{id}", role: member, path: "/api/v1/follows/area/etikk", status: 200},
			{route: "DELETE /api/v1/follows/{kind}/{id}", role: member, path: "/api/v1/follows/thread/999999", status: 404},
			{route: "DELETE /api/v1/follows/{kind}/{id}", role: anonymous, path: "/api/v1/follows/area/etikk", status: 401},

			{route: "POST /api/v1/questions", role: anonymous, path: "/api/v1/questions", status: 401,
				body: `{"title":"Hvem arkiverer meldinger?","body":"Tekst","area":"arkivering"}`},
			{route: "POST /api/v1/questions", role: member, bearer: true, path: "/api/v1/questions", status: 422,
				body: `{"title":"","body":"","area":"arkivering","expert":true}`},
			{route: "POST /api/v1/questions", role: member, bearer: true, path: "/api/v1/questions", status: 201,
				body: `{"title":"Må vi arkivere meldinger i Messenger?","body":"Gjelder arkivplikten for private meldinger?","area":"arkivering","expert":true}`,
				check: func(t *testing.T, v any) {
					questionID = idOf(v)
					if q := asMap(v); q["due_at"] == nil || q["accepted_answer_id"] != nil || q["expert_status"] != "waiting" {
						t.Errorf("question = %v", v)
					}
				}},
			{route: "GET /api/v1/questions", role: anonymous, path: "/api/v1/questions", status: 200},
			{route: "GET /api/v1/questions", role: member, path: "/api/v1/questions?unanswered=true&expert=true", status: 200,
				check: func(t *testing.T, v any) {
					if asMap(v)["total"] != 1.0 {
						t.Errorf("questions = %v", v)
					}
				}},
			{route: "GET /api/v1/questions", role: member, path: "/api/v1/questions?unanswered=kanskje", status: 422},
			{route: "GET /api/v1/questions/{id}", role: anonymous, path: "/api/v1/questions/{question}", status: 401},
			{route: "GET /api/v1/questions/{id}", role: member, path: "/api/v1/questions/999999", status: 404},
			{route: "POST /api/v1/questions/{id}/answers", role: other, path: "/api/v1/questions/{question}/answers", status: 201,
				body:  `{"body":"Ja, det som er saksbehandling."}`,
				check: func(t *testing.T, v any) { answerID = idOf(v) }},
			{route: "POST /api/v1/questions/{id}/answers", role: other, path: "/api/v1/questions/{question}/answers", status: 422, body: `{"body":" "}`},
			{route: "POST /api/v1/questions/{id}/answers", role: other, path: "/api/v1/questions/999999/answers", status: 404, body: `{"body":"x"}`},
			{route: "POST /api/v1/answers/{id}/vote", role: moderator, path: "/api/v1/answers/{answer}/vote", status: 200, body: `{"value":1}`,
				check: func(t *testing.T, v any) {
					if asMap(v)["score"] != 1.0 || asMap(v)["my_vote"] != 1.0 {
						t.Errorf("vote = %v", v)
					}
				}},
			{route: "POST /api/v1/answers/{id}/vote", role: other, path: "/api/v1/answers/{answer}/vote", status: 403, body: `{"value":1}`},
			{route: "POST /api/v1/answers/{id}/vote", role: moderator, path: "/api/v1/answers/{answer}/vote", status: 422, body: `{"value":2}`},
			{route: "POST /api/v1/answers/{id}/vote", role: anonymous, path: "/api/v1/answers/{answer}/vote", status: 401, body: `{"value":1}`},
			{route: "POST /api/v1/answers/{id}/comments", role: member, path: "/api/v1/answers/{answer}/comments", status: 201, body: `{"body":"Takk!"}`},
			{route: "POST /api/v1/answers/{id}/comments", role: member, path: "/api/v1/answers/999999/comments", status: 404, body: `{"body":"Takk!"}`},
			{route: "POST /api/v1/answers/{id}/accept", role: other, path: "/api/v1/answers/{answer}/accept", status: 403},
			{route: "POST /api/v1/answers/{id}/accept", role: member, bearer: true, path: "/api/v1/answers/{answer}/accept", status: 200,
				check: func(t *testing.T, v any) {
					if idOf(map[string]any{"id": asMap(v)["accepted_answer_id"]}) != answerID {
						t.Errorf("accepted = %v", v)
					}
				}},
			{route: "GET /api/v1/questions/{id}", role: member, path: "/api/v1/questions/{question}", status: 200,
				check: func(t *testing.T, v any) {
					answers := asSlice(asMap(v)["answers"])
					if len(answers) != 1 || asMap(answers[0])["accepted"] != true || asMap(answers[0])["score"] != 1.0 || len(asSlice(asMap(answers[0])["comments"])) != 1 {
						t.Errorf("question = %v", v)
					}
				}},
			{route: "DELETE /api/v1/answers/{id}/accept", role: member, path: "/api/v1/answers/{answer}/accept", status: 200,
				check: func(t *testing.T, v any) {
					if _, ok := asMap(v)["accepted_answer_id"]; !ok || asMap(v)["accepted_answer_id"] != nil {
						t.Errorf("after unaccept = %v", v)
					}
				}},
			{route: "GET /api/v1/expert-queue", role: anonymous, path: "/api/v1/expert-queue", status: 401},
			{route: "GET /api/v1/expert-queue", role: member, path: "/api/v1/expert-queue", status: 403},
			{route: "GET /api/v1/expert-queue", role: moderator, path: "/api/v1/expert-queue", status: 200,
				check: func(t *testing.T, v any) {
					if len(asSlice(asMap(v)["questions"])) != 1 {
						t.Errorf("queue = %v", v)
					}
				}},
			{route: "GET /api/v1/me", role: other, path: "/api/v1/me", status: 200,
				check: func(t *testing.T, v any) {
					if asMap(v)["reputation"] == nil || asMap(v)["trust_level"] == nil {
						t.Errorf("me = %v", v)
					}
				}},
		}
		probed := map[string]bool{}
		for _, p := range probes {
			if !slices.Contains(routes, p.route) {
				t.Errorf("probe for %s, which is not a registered route", p.route)
				continue
			}
			probed[p.route] = true
			path := strings.NewReplacer("{thread}", threadID, "{reply}", replyID, "{question}", questionID, "{answer}", answerID).Replace(p.path)
			p.body = strings.ReplaceAll(p.body, "{thread}", threadID)
			method, _, _ := strings.Cut(p.route, " ")
			c := e.as(t, p.role)
			var header []string
			if p.bearer {
				if p.role == anonymous {
					header = []string{"Authorization", "Bearer alm_invalid"}
				} else {
					// A fresh client: the token alone authenticates.
					c = e.client(t)
					header = []string{"Authorization", "Bearer " + secret}
				}
			}
			req := c.request(method, path, strings.NewReader(p.body))
			req.Header.Set("Content-Type", "application/json")
			if !p.bearer && method != http.MethodGet {
				req.Header.Set("X-CSRF-Token", c.csrf())
			}
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			r := c.do(req)
			name := fmt.Sprintf("%s as %s (%s)", p.route, p.role, path)
			if r.StatusCode != p.status {
				t.Errorf("%s: status %d, want %d; body %.500s", name, r.StatusCode, p.status, r.Body)
				continue
			}
			var v any
			r.json(t, &v)
			for _, problem := range doc.validate(v, doc.responseSchema(t, p.route, p.status), "body") {
				t.Errorf("%s: %s", name, problem)
			}
			if p.check != nil {
				p.check(t, v)
			}
		}
		for _, r := range routes {
			if !probed[r] {
				t.Errorf("route %s has no probe in this test", r)
			}
		}
	})
}
