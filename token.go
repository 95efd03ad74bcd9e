package allmenning

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Purposes of single-use e-mail tokens, and how long each lives.
const (
	PurposeConfirm = "confirm"
	PurposeReset   = "reset"
	PurposeInvite  = "invite"
)

// TokenLifetime is how long an e-mail token of a purpose is valid.
func TokenLifetime(purpose string) time.Duration {
	switch purpose {
	case PurposeReset:
		return time.Hour
	case PurposeInvite:
		return 14 * 24 * time.Hour
	default:
		return 48 * time.Hour
	}
}

// EmailToken is a single-use, expiring token sent by e-mail. Only its hash is stored.
type EmailToken struct {
	Hash         string
	Purpose      string
	Email        string
	MemberID     int64  // reset: the member; invite: the inviter
	Municipality string // confirm and invite: the member's municipality
	ExpiresAt    time.Time
	CreatedAt    time.Time
}

// Session is a login. Only the hash of the cookie value is stored.
type Session struct {
	Hash      string
	MemberID  int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionLifetime is how long a login lasts.
const SessionLifetime = 14 * 24 * time.Hour

// APIToken is a personal token for the JSON API. Only its hash is stored.
type APIToken struct {
	ID         int64      `json:"id"`
	MemberID   int64      `json:"member_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"` // first characters, to recognise it
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// APITokenPrefix starts every personal API token, so that leaked tokens are recognisable.
const APITokenPrefix = "alm_"

// NewSecret returns a random URL-safe secret of 32 bytes and its hash.
func NewSecret() (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret returns the stored form of a secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
