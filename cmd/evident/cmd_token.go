package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/evident-org/evident"
)

// TokenCmd manages API tokens.
type TokenCmd struct {
	Create TokenCreateCmd `cmd:"" help:"Create an API token for writes (POST /api/v1/documents). The token is printed once; only its hash is stored."`
	List   TokenListCmd   `cmd:"" help:"List API tokens (never their secrets)."`
	Revoke TokenRevokeCmd `cmd:"" help:"Revoke an API token by id."`
}

// TokenCreateCmd creates a token.
type TokenCreateCmd struct {
	DBFlag `embed:""`
	Name   string `arg:"" help:"Who or what the token is for, e.g. 'newsroom-feed'."`
}

func (m *Main) tokenStore(ctx context.Context, cli *CLI) (evident.TokenStore, error) {
	st, err := m.openStore(ctx, cli.DB)
	if err != nil {
		return nil, err
	}
	ts, ok := st.(evident.TokenStore)
	if !ok {
		return nil, fmt.Errorf("token: this store does not keep tokens")
	}
	return ts, nil
}

// Run implements the command.
func (c *TokenCreateCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	ts, err := m.tokenStore(ctx, cli)
	if err != nil {
		return err
	}
	t, secret, err := ts.CreateToken(ctx, c.Name)
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, secret)
	fmt.Fprintf(m.Stderr, "Created token %s (%s). It is shown only now; store it safely.\nUse it as: Authorization: Bearer %s\n", t.ID, t.Name, secret)
	return nil
}

// TokenListCmd lists tokens.
type TokenListCmd struct {
	DBFlag `embed:""`
}

// Run implements the command.
func (c *TokenListCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	ts, err := m.tokenStore(ctx, cli)
	if err != nil {
		return err
	}
	toks, err := ts.Tokens(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED\tLAST USED\tSTATUS")
	for _, t := range toks {
		status := "active"
		if t.Revoked {
			status = "revoked"
		}
		last := "-"
		if !t.LastUsed.IsZero() {
			last = t.LastUsed.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.RFC3339), last, status)
	}
	return tw.Flush()
}

// TokenRevokeCmd revokes a token.
type TokenRevokeCmd struct {
	DBFlag `embed:""`
	ID     string `arg:"" help:"Token id, as 'evident token list' shows it."`
}

// Run implements the command.
func (c *TokenRevokeCmd) Run(ctx context.Context, m *Main, cli *CLI) error {
	ts, err := m.tokenStore(ctx, cli)
	if err != nil {
		return err
	}
	if err := ts.RevokeToken(ctx, c.ID); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "Revoked token %s.\n", c.ID)
	return nil
}
