// Command mall is the whole mall in one binary: the web server for shoppers,
// merchants and the operator, and the commands that look after it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: mall <command> [flags]

commands:
  serve             run the web server (migrates the database first)
  migrate           bring the database schema up to date
  seed              load demo data (--if-empty, --products N, --merchants M)
  create-operator   create an operator account (--email, --name; password on stdin or --password)
  export            write everything a shop owns to one archive (--merchant SLUG --out FILE)
  import            read such an archive into this mall (--file FILE --owner EMAIL [--slug S])
  bench-ceiling     serve one page's bytes from memory (load-test baseline)
  bench-shoppers    place checkouts on a running mall at a steady rate (load test)
  bench-reviews     seed many reviews at once (seed --reviews N) or time real submits and proofs (submit)
  reviews verify    check a mall's public review log (--url URL or --file FILE, [--state DIR])
  reviews export    write this mall's review log as JSON lines ([--out FILE])

configuration comes from environment variables; see README.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mall:", err)
		os.Exit(1)
	}
}

// errUsage is returned for a command line that names no known command.
var errUsage = errors.New("unknown command (run `mall help`)")

// run is the whole program, testable: it reads arguments and environment
// from its parameters, never from globals.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		args = []string{"serve"}
	}
	cmd, rest := args[0], args[1:]
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	logs := newLogBuffer(stderr)
	defer logs.Close()
	log := newLogger(cfg, logs)
	slog.SetDefault(log)
	switch cmd {
	case "serve":
		return runServe(ctx, cfg, log, rest)
	case "migrate":
		return runMigrate(ctx, cfg, log)
	case "seed":
		return runSeed(ctx, cfg, log, rest, stdout)
	case "create-operator":
		return runCreateOperator(ctx, cfg, log, rest, stdin, stdout)
	case "export":
		return runExport(ctx, cfg, log, rest, stdout)
	case "import":
		return runImport(ctx, cfg, log, rest, stdout)
	case "bench-ceiling":
		return runBenchCeiling(ctx, rest, stdout)
	case "bench-shoppers":
		return runBenchShoppers(ctx, rest, stdout)
	case "reviews":
		return runReviews(ctx, cfg, log, rest, stdout)
	case "bench-reviews":
		return runBenchReviews(ctx, cfg, rest, stdout)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: %q", errUsage, cmd)
}

func newLogger(cfg *config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
