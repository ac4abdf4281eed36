package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
)

// runBenchCeiling fetches one page of a running mall once and serves the
// same bytes from memory with the same web framework: the fastest the
// server could answer that page, the baseline `make bench` compares the
// real page against.
func runBenchCeiling(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench-ceiling", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:18081", "address to serve on")
	pageURL := fs.String("url", "", "page of a running mall to copy (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pageURL == "" {
		return errors.New("bench-ceiling: --url is required")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(*pageURL)
	if err != nil {
		return fmt.Errorf("bench-ceiling: fetch %s: %w", *pageURL, err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("bench-ceiling: %s answered %d", *pageURL, resp.StatusCode)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/*", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(body)
	})
	fmt.Fprintf(stdout, "serving %d bytes of %s on %s\n", len(body), *pageURL, *addr)
	errc := make(chan error, 1)
	go func() { errc <- app.Listen(*addr) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return app.ShutdownWithTimeout(5 * time.Second)
	}
}
