package web

import (
	"context"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/i18n"
)

type ctxKey int

const (
	memberKey ctxKey = iota
	requestIDKey
	localizerKey
	viaTokenKey
)

// MemberFrom returns the member logged in for the request, or nil.
func MemberFrom(ctx context.Context) *allmenning.Member {
	m, _ := ctx.Value(memberKey).(*allmenning.Member)
	return m
}

func withMember(ctx context.Context, m *allmenning.Member) context.Context {
	return context.WithValue(ctx, memberKey, m)
}

// RequestIDFrom returns the request's ID.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func localizerFrom(ctx context.Context) *i18n.Localizer {
	l, _ := ctx.Value(localizerKey).(*i18n.Localizer)
	return l
}

func viaToken(ctx context.Context) bool {
	v, _ := ctx.Value(viaTokenKey).(bool)
	return v
}

func withLocalizer(ctx context.Context, l *i18n.Localizer) context.Context {
	return context.WithValue(ctx, localizerKey, l)
}
