package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/evident-org/evident"
	"github.com/jackc/pgx/v5"
)

// tokenPrefix starts every token, so a leaked one is recognisable.
const tokenPrefix = "evt_"

// hashToken is the stored form of a token: hex SHA-256 (192 random bits
// need no salt or stretching).
func hashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateToken makes a token named name and returns it with its secret,
// "evt_<id>_<48 hex digits>". Only the secret's hash is stored.
func (s *Store) CreateToken(ctx context.Context, name string) (evident.APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return evident.APIToken{}, "", evident.Errorf(evident.EINVALID, s.name, "token: a name is required")
	}
	var idb [6]byte
	var sb [24]byte
	if _, err := rand.Read(idb[:]); err != nil {
		return evident.APIToken{}, "", err
	}
	if _, err := rand.Read(sb[:]); err != nil {
		return evident.APIToken{}, "", err
	}
	t := evident.APIToken{ID: hex.EncodeToString(idb[:]), Name: name, CreatedAt: time.Now().UTC().Truncate(time.Second)}
	secret := tokenPrefix + t.ID + "_" + hex.EncodeToString(sb[:])
	if _, err := s.pool.Exec(ctx, `INSERT INTO api_tokens (id, name, hash, created_at) VALUES ($1, $2, $3, $4)`,
		t.ID, t.Name, hashToken(secret), t.CreatedAt); err != nil {
		return evident.APIToken{}, "", wrapErr(err, s.name, "create token")
	}
	return t, secret, nil
}

// VerifyToken returns the live token whose secret this is and records its
// use (at most once a minute).
func (s *Store) VerifyToken(ctx context.Context, secret string) (evident.APIToken, error) {
	unauthorized := evident.Errorf(evident.EUNAUTHORIZED, "", "unknown or revoked token")
	id, _, ok := strings.Cut(strings.TrimPrefix(secret, tokenPrefix), "_")
	if !strings.HasPrefix(secret, tokenPrefix) || !ok || !storable(secret) {
		// PostgreSQL text holds no NUL: such a secret is no token.
		return evident.APIToken{}, unauthorized
	}
	var (
		t                 evident.APIToken
		hash              string
		lastUsed, revoked *time.Time
	)
	err := s.pool.QueryRow(ctx, `SELECT id, name, hash, created_at, last_used, revoked_at FROM api_tokens WHERE id = $1`, id).
		Scan(&t.ID, &t.Name, &hash, &t.CreatedAt, &lastUsed, &revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return evident.APIToken{}, unauthorized
	}
	if err != nil {
		return evident.APIToken{}, wrapErr(err, s.name, "verify token")
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(secret))) != 1 || revoked != nil {
		return evident.APIToken{}, unauthorized
	}
	t.CreatedAt = t.CreatedAt.UTC()
	now := time.Now().UTC().Truncate(time.Second)
	if lastUsed != nil {
		t.LastUsed = lastUsed.UTC()
	}
	if now.Sub(t.LastUsed) > time.Minute {
		if _, err := s.pool.Exec(ctx, `UPDATE api_tokens SET last_used = $1 WHERE id = $2`, now, t.ID); err != nil {
			return evident.APIToken{}, wrapErr(err, s.name, "verify token")
		}
		t.LastUsed = now
	}
	return t, nil
}

// Tokens lists every token, revoked ones included, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]evident.APIToken, error) {
	var out []evident.APIToken
	err := eachRow(ctx, s.pool, `SELECT id, name, created_at, last_used, revoked_at FROM api_tokens ORDER BY created_at, id`, nil,
		func(rows pgx.Rows) error {
			var (
				t                 evident.APIToken
				lastUsed, revoked *time.Time
			)
			if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt, &lastUsed, &revoked); err != nil {
				return err
			}
			t.CreatedAt = t.CreatedAt.UTC()
			if lastUsed != nil {
				t.LastUsed = lastUsed.UTC()
			}
			t.Revoked = revoked != nil
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, wrapErr(err, s.name, "tokens")
	}
	return out, nil
}

// RevokeToken revokes the token with this id (the part after "evt_").
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	if !storable(id) {
		return evident.Errorf(evident.ENOTFOUND, s.name, "token %q not found", id)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`,
		time.Now().UTC().Truncate(time.Second), strings.TrimPrefix(id, tokenPrefix))
	if err != nil {
		return wrapErr(err, s.name, "revoke token")
	}
	if tag.RowsAffected() == 0 {
		return evident.Errorf(evident.ENOTFOUND, s.name, "token %q not found", id)
	}
	return nil
}
