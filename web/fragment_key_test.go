package web

import (
	"bytes"
	"html/template"
	"reflect"
	"strings"
	"testing"
	"time"
)

// variants returns copies of v (a struct) that each differ from it in one
// field, recursing into embedded and pointed-to structs and slices of structs.
func variants(t *testing.T, v reflect.Value) []reflect.Value {
	var out []reflect.Value
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		set := func(change func(reflect.Value)) {
			c := reflect.New(v.Type()).Elem()
			c.Set(v)
			change(c.Field(i))
			out = append(out, c)
		}
		switch fv := v.Field(i); {
		case f.Type == reflect.TypeOf(time.Time{}):
			set(func(x reflect.Value) { x.Set(reflect.ValueOf(time.Unix(1, 0))) })
		case fv.Kind() == reflect.String:
			set(func(x reflect.Value) { x.SetString("x") })
		case fv.Kind() == reflect.Int || fv.Kind() == reflect.Int64:
			set(func(x reflect.Value) { x.SetInt(7) })
		case fv.Kind() == reflect.Bool:
			set(func(x reflect.Value) { x.SetBool(true) })
		case fv.Kind() == reflect.Struct: // an embedded group of fields
			for _, inner := range variants(t, fv) {
				set(func(x reflect.Value) { x.Set(inner) })
			}
		case fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Struct:
			zero := reflect.New(fv.Type().Elem())
			set(func(x reflect.Value) { x.Set(zero) })
			for _, inner := range variants(t, zero.Elem()) {
				p := reflect.New(fv.Type().Elem())
				p.Elem().Set(inner)
				set(func(x reflect.Value) { x.Set(p) })
			}
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String:
			set(func(x reflect.Value) { x.Set(reflect.ValueOf([]string{"x"}).Convert(fv.Type())) })
			set(func(x reflect.Value) { x.Set(reflect.ValueOf([]string{"x", "y"}).Convert(fv.Type())) })
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			one := reflect.MakeSlice(fv.Type(), 1, 1)
			set(func(x reflect.Value) { x.Set(one) })
			for _, inner := range variants(t, one.Index(0)) {
				s := reflect.MakeSlice(fv.Type(), 1, 1)
				s.Index(0).Set(inner)
				set(func(x reflect.Value) { x.Set(s) })
			}
		default:
			t.Fatalf("%s.%s: no variant for %s", v.Type(), f.Name, f.Type)
		}
	}
	return out
}

// TestFragmentKeysHoldEveryField: a fragment is rendered from its item
// alone, so a key that missed a field would serve one viewer's or one
// version's HTML for another. Every field must change the key.
func TestFragmentKeysHoldEveryField(t *testing.T) {
	check := func(name string, base any, key func(any, *fragmentKey)) {
		seen := map[string]int{}
		all := append([]reflect.Value{reflect.ValueOf(base).Elem()}, variants(t, reflect.ValueOf(base).Elem())...)
		for i, v := range all {
			p := reflect.New(v.Type())
			p.Elem().Set(v)
			k := &fragmentKey{}
			key(p.Interface(), k)
			if j, ok := seen[string(k.b)]; ok {
				t.Errorf("%s: variants %d and %d have the same key", name, j, i)
			}
			seen[string(k.b)] = i
		}
		if fields := reflect.ValueOf(base).Elem().NumField(); len(all) < fields+1 {
			t.Fatalf("%s: only %d variants of %d fields", name, len(all), fields)
		}
	}
	check("replyItem", &replyItem{}, func(v any, k *fragmentKey) { v.(*replyItem).key(k) })
	check("answerItem", &answerItem{}, func(v any, k *fragmentKey) { v.(*answerItem).key(k) })
	check("threadHeadItem", &threadHeadItem{}, func(v any, k *fragmentKey) { v.(*threadHeadItem).key(k) })
	check("threadPostItem", &threadPostItem{}, func(v any, k *fragmentKey) { v.(*threadPostItem).key(k) })
	check("followItem", &followItem{}, func(v any, k *fragmentKey) { v.(*followItem).key(k) })
	check("threadRowItem", &threadRowItem{}, func(v any, k *fragmentKey) { v.(*threadRowItem).key(k) })
	check("memberCardItem", &memberCardItem{}, func(v any, k *fragmentKey) { v.(*memberCardItem).key(k) })
	check("replyFormItem", &replyFormItem{}, func(v any, k *fragmentKey) { v.(*replyFormItem).key(k) })
}

// TestFragmentTokenEscaping: the token put into a fragment is escaped
// exactly as html/template escapes it in an attribute.
func TestFragmentTokenEscaping(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<input value="{{.}}">`))
	for _, s := range []string{"plainToken_-09", `a"b'c&d<e>f+g`, "nul\x00x", "bad\xffutf8 æøå"} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got := `<input value="` + attrEscape(s) + `">`; got != want.String() {
			t.Errorf("attrEscape(%q) = %s, html/template gives %s", s, got, want.String())
		}
	}
}

// TestFragmentCacheBounded: the cache drops old fragments instead of
// growing, and a fragment whose inputs hold the placeholder is never kept
// and gets the real token.
func TestFragmentCacheBounded(t *testing.T) {
	c := newFragmentCache(64 << 10)
	body := strings.Repeat("b", 1000)
	for i := 0; i < 1000; i++ {
		l := c.list("tok")
		k := &fragmentKey{}
		k.int(int64(i))
		if err := l.add(k.b, nil, func(csrf string) ([]byte, error) { return []byte(body + csrf), nil }); err != nil {
			t.Fatal(err)
		}
		if got := string(l.HTML()); got != body+"tok" {
			t.Fatalf("fragment %d: %q", i, got)
		}
	}
	size := 0
	for k, f := range c.cur {
		size += len(k) + len(f.html)
	}
	for k, f := range c.old {
		size += len(k) + len(f.html)
	}
	if size > 64<<10 {
		t.Errorf("cache holds %d bytes, more than its bound", size)
	}

	l := c.list("real")
	evil := "look: " + c.placeholder
	k := &fragmentKey{}
	k.str(evil)
	if err := l.add(k.b, []string{evil}, func(csrf string) ([]byte, error) { return []byte(evil + "|" + csrf), nil }); err != nil {
		t.Fatal(err)
	}
	if got := string(l.HTML()); got != evil+"|real" {
		t.Errorf("a post holding the placeholder gave %q", got)
	}
	if c.get(k.b) != nil {
		t.Error("a fragment with the placeholder in its inputs was kept")
	}
}
