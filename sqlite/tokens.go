package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/evident-org/evident"
)

var _ evident.TokenStore = (*Store)(nil)

// tokenPrefix starts every token, so a leaked one is recognisable.
const tokenPrefix = "evt_"

// hashToken is the stored form of a token: hex SHA-256. Tokens carry 192
// random bits, so a fast hash is enough; no salt or stretching is needed.
func hashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateToken makes a token named name and returns it with its secret,
// "evt_<id>_<48 hex digits>". Only the secret's hash is stored.
func (s *Store) CreateToken(ctx context.Context, name string) (evident.APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return evident.APIToken{}, "", evident.Errorf(evident.EINVALID, s.path, "token: a name is required")
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
	_, err := s.w.ExecContext(ctx, `INSERT INTO api_tokens (id, name, hash, created_at) VALUES (?, ?, ?, ?)`,
		t.ID, t.Name, hashToken(secret), t.CreatedAt.Format(time.RFC3339))
	if err != nil {
		return evident.APIToken{}, "", wrapErr(err, s.path, "create token")
	}
	return t, secret, nil
}

// VerifyToken returns the live token whose secret this is and records its
// use (at most once a minute).
func (s *Store) VerifyToken(ctx context.Context, secret string) (evident.APIToken, error) {
	unauthorized := evident.Errorf(evident.EUNAUTHORIZED, "", "unknown or revoked token")
	id, _, ok := strings.Cut(strings.TrimPrefix(secret, tokenPrefix), "_")
	if !strings.HasPrefix(secret, tokenPrefix) || !ok {
		return evident.APIToken{}, unauthorized
	}
	var (
		t                  evident.APIToken
		hash, created      string
		lastUsed, revokedA sql.NullString
	)
	err := s.r.QueryRowContext(ctx, `SELECT id, name, hash, created_at, last_used, revoked_at FROM api_tokens WHERE id = ?`, id).
		Scan(&t.ID, &t.Name, &hash, &created, &lastUsed, &revokedA)
	if errors.Is(err, sql.ErrNoRows) {
		return evident.APIToken{}, unauthorized
	}
	if err != nil {
		return evident.APIToken{}, wrapErr(err, s.path, "verify token")
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(secret))) != 1 || revokedA.Valid {
		return evident.APIToken{}, unauthorized
	}
	t.CreatedAt, _ = time.Parse(time.RFC3339, created)
	now := time.Now().UTC()
	if lastUsed.Valid {
		t.LastUsed, _ = time.Parse(time.RFC3339, lastUsed.String)
	}
	if now.Sub(t.LastUsed) > time.Minute {
		if _, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, now.Format(time.RFC3339), t.ID); err != nil {
			return evident.APIToken{}, wrapErr(err, s.path, "verify token")
		}
		t.LastUsed = now.Truncate(time.Second)
	}
	return t, nil
}

// Tokens lists every token, revoked ones included, oldest first.
func (s *Store) Tokens(ctx context.Context) ([]evident.APIToken, error) {
	var out []evident.APIToken
	err := s.readRows(ctx, `SELECT id, name, created_at, last_used, revoked_at FROM api_tokens ORDER BY created_at, id`, nil,
		func(rows *sql.Rows) error {
			var (
				t                 evident.APIToken
				created           string
				lastUsed, revoked sql.NullString
			)
			if err := rows.Scan(&t.ID, &t.Name, &created, &lastUsed, &revoked); err != nil {
				return err
			}
			t.CreatedAt, _ = time.Parse(time.RFC3339, created)
			if lastUsed.Valid {
				t.LastUsed, _ = time.Parse(time.RFC3339, lastUsed.String)
			}
			t.Revoked = revoked.Valid
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, wrapErr(err, s.path, "tokens")
	}
	return out, nil
}

// RevokeToken revokes the token with this id (the part after "evt_").
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`,
		time.Now().UTC().Format(time.RFC3339), strings.TrimPrefix(id, tokenPrefix))
	if err != nil {
		return wrapErr(err, s.path, "revoke token")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return evident.Errorf(evident.ENOTFOUND, s.path, "token %q not found", id)
	}
	return nil
}
