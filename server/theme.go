package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
)

// serveTheme answers /theme/rrggbb.css, the stylesheet that gives a shop's
// pages its brand colour (templates.ThemePath). The URL names the colour, so
// its bytes never change: cache them for a year.
func serveTheme(c *fiber.Ctx) error {
	hex, ok := strings.CutSuffix(c.Params("file"), ".css")
	if !ok || !mall.ValidColor("#"+hex) || strings.ToLower(hex) != hex {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, "text/css; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.SendString("body{--brand:#" + hex + "}\n")
}
