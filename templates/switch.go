package templates

import (
	"context"
	"net/url"
)

func localeSwitchURL(ctx context.Context) string {
	v := VisitorFrom(ctx)
	next := v.Path
	if next == "" {
		next = "/"
	}
	return "/locale?to=" + url.QueryEscape(v.Locale.Other().Tag()) + "&next=" + url.QueryEscape(next)
}
