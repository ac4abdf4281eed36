package server

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// accessLogger writes one line per request, off the request path: the
// request hands its fields to a goroutine that formats and writes them
// (through the binary's buffered log output), so a busy storefront does not
// wait on its own log.
type accessLogger struct {
	log     *slog.Logger
	entries chan accessEntry
	done    chan struct{}
}

// accessEntry is one request's line. Its strings are copies: fiber's are
// reused by the next request.
type accessEntry struct {
	level     slog.Level
	method    string
	host      string
	path      string
	status    int
	took      time.Duration
	ip        string
	requestID any
}

func newAccessLogger(log *slog.Logger) *accessLogger {
	l := &accessLogger{log: log, entries: make(chan accessEntry, 4096), done: make(chan struct{})}
	go l.run()
	return l
}

func (l *accessLogger) run() {
	defer close(l.done)
	ctx := context.Background()
	for e := range l.entries {
		l.log.LogAttrs(ctx, e.level, "request",
			slog.String("method", e.method),
			slog.String("host", e.host),
			slog.String("path", e.path),
			slog.Int("status", e.status),
			slog.Duration("took", e.took),
			slog.String("ip", e.ip),
			slog.Any("request_id", e.requestID),
		)
	}
}

// close writes the lines still waiting and stops the writer.
func (l *accessLogger) close() {
	close(l.entries)
	<-l.done
}

// handler logs every request but static files and health checks: at info,
// or at error for a 5xx. When the log level is above info only the errors
// are handed over.
func (l *accessLogger) handler() fiber.Handler {
	infoOn := l.log.Enabled(context.Background(), slog.LevelInfo)
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			status = web.StatusOf(err)
		}
		if strings.HasPrefix(c.Path(), "/static/") || c.Path() == "/healthz" {
			return err
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		} else if !infoOn {
			return err
		}
		l.entries <- accessEntry{
			level: level, method: c.Method(), host: c.Hostname(),
			path: c.Path(), status: status, took: time.Since(start), ip: web.ClientIP(c),
			requestID: c.Locals("requestid"),
		}
		return err
	}
}
