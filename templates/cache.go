package templates

import (
	"bytes"
	"context"
)

// Placeholders written into page bytes that are shared by many visitors
// (the storefront's page cache). Splice replaces them with one visitor's
// parts; they are plain ASCII that can appear nowhere else in a page.
const (
	csrfPlaceholder    = "__mall_csrf_9f8e7d__"
	visitorPlaceholder = "<!--mall:visitor-nav-->"
	flashPlaceholder   = "<!--mall:flash-->"
)

// Splice turns cached page bytes into one visitor's page: the CSRF token,
// the account/cart links and the flash message are put in.
func Splice(ctx context.Context, page []byte) ([]byte, error) {
	v := VisitorFrom(ctx)
	var nav, flash bytes.Buffer
	if err := VisitorNav().Render(ctx, &nav); err != nil {
		return nil, err
	}
	if v.Flash != nil {
		if err := FlashMessage().Render(ctx, &flash); err != nil {
			return nil, err
		}
	}
	out := make([]byte, 0, len(page)+nav.Len()+flash.Len()+256)
	rest := page
	for len(rest) > 0 {
		i := bytes.Index(rest, []byte("__mall_csrf_9f8e7d__"))
		j := bytes.Index(rest, []byte("<!--mall:"))
		switch {
		case i < 0 && j < 0:
			out = append(out, rest...)
			rest = nil
		case i >= 0 && (j < 0 || i < j):
			out = append(out, rest[:i]...)
			out = append(out, v.CSRFToken...)
			rest = rest[i+len(csrfPlaceholder):]
		default:
			out = append(out, rest[:j]...)
			rest = rest[j:]
			switch {
			case bytes.HasPrefix(rest, []byte(visitorPlaceholder)):
				out = append(out, nav.Bytes()...)
				rest = rest[len(visitorPlaceholder):]
			case bytes.HasPrefix(rest, []byte(flashPlaceholder)):
				out = append(out, flash.Bytes()...)
				rest = rest[len(flashPlaceholder):]
			default:
				out = append(out, rest[:len("<!--mall:")]...)
				rest = rest[len("<!--mall:"):]
			}
		}
	}
	return out, nil
}

func csrfValue(ctx context.Context) string {
	v := VisitorFrom(ctx)
	if v.Cached {
		return csrfPlaceholder
	}
	return v.CSRFToken
}
