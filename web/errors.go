package web

import (
	"errors"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
)

// StatusOf maps a domain error code to its HTTP status.
func StatusOf(err error) int {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	switch mall.ErrorCode(err) {
	case mall.ENotFound:
		return fiber.StatusNotFound
	case mall.EInvalid:
		return fiber.StatusUnprocessableEntity
	case mall.EConflict:
		return fiber.StatusConflict
	case mall.EForbidden:
		return fiber.StatusForbidden
	case mall.EUnauthorized:
		return fiber.StatusUnauthorized
	case mall.ETooMany:
		return fiber.StatusTooManyRequests
	case mall.EUnavailable:
		return fiber.StatusServiceUnavailable
	}
	return fiber.StatusInternalServerError
}

// ErrorHandler is the app's one error handler: it logs internals, and shows
// the person a page in their language that says only what is safe to say.
func ErrorHandler(c *fiber.Ctx, err error) error {
	status := StatusOf(err)
	ctx := Ctx(c)
	var message string
	switch {
	case mall.ErrorCode(err) == mall.EUnavailable:
		// Busy, not broken: say so, and when to come back.
		slog.WarnContext(ctx, "request refused while busy", "method", c.Method(), "path", c.Path(), "err", err)
		c.Set(fiber.HeaderRetryAfter, "5")
		message = i18n.Error(ctx, err)
	case status >= 500:
		slog.ErrorContext(ctx, "request failed", "method", c.Method(), "path", c.Path(),
			"request_id", c.Locals("requestid"), "err", err)
		message = i18n.T(ctx, "error.internal")
	case status == fiber.StatusNotFound:
		message = i18n.T(ctx, "error.not_found")
	case status == fiber.StatusRequestEntityTooLarge:
		message = i18n.T(ctx, "edge.error.too_large")
	case status == fiber.StatusUnsupportedMediaType:
		message = i18n.T(ctx, "edge.error.encoded_body")
	case status == fiber.StatusMethodNotAllowed:
		message = i18n.T(ctx, "error.not_found")
		status = fiber.StatusNotFound
	default:
		var fe *fiber.Error
		if errors.As(err, &fe) {
			message = i18n.T(ctx, "error.bad_request")
		} else {
			message = i18n.Error(ctx, err)
		}
	}
	if c.Get(fiber.HeaderAccept) == fiber.MIMEApplicationJSON {
		return c.Status(status).JSON(fiber.Map{"error": message})
	}
	return Render(c, status, templates.ErrorPage(status, message))
}
