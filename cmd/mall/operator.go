package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/mall-project/mall/accounts"
)

// runCreateOperator creates an account that runs the mall: approves
// merchants and moderates. The password is read from stdin unless given.
func runCreateOperator(ctx context.Context, cfg *config, log *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("create-operator", flag.ContinueOnError)
	email := fs.String("email", "", "the operator's email address (required)")
	name := fs.String("name", "Operator", "the operator's name")
	password := fs.String("password", "", "password (default: read one line from stdin)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("create-operator: --email is required")
	}
	if *password == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("create-operator: give --password or type the password on stdin")
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	acct, err := accounts.NewStore(db).CreateOperator(ctx, *email, *name, *password)
	if err != nil {
		return fmt.Errorf("create-operator: %w", err)
	}
	log.Info("operator created", "id", acct.ID, "email", acct.Email)
	fmt.Fprintf(stdout, "operator %s created; sign in at %s/account/sign-in\n", acct.Email, cfg.BaseURL)
	return nil
}
