// Package templates holds the mall's templ components: the layouts and the
// shared pieces (price, form field, pagination, flash, language switcher)
// that the storefront (templates/shopview) and admin (templates/adminview)
// pages are built from. Every word comes from the i18n catalogue.
package templates

import (
	"context"

	"github.com/mall-project/mall/i18n"
)

// Visitor is what a page knows of the person viewing it. The handlers' web
// layer puts it in the request context; components read it with
// VisitorFrom. It is the per-visitor part of a page: cached storefront pages
// are rendered with a placeholder visitor and get these parts spliced in.
type Visitor struct {
	CSRFToken string
	Account   *VisitorAccount
	Locale    i18n.Locale
	// Path is the current path and query, for "return to" links.
	Path  string
	Flash *Flash
	// Site is the mall's own name and address.
	Site *Site
	// Cached is set while rendering bytes that many visitors share: the
	// per-visitor parts are then written as placeholders (see cache.go).
	Cached bool
	// CartCount is how many items the visitor's cart holds (the header's
	// cart link); a per-visitor part, never baked into shared pages.
	CartCount int
}

// Site is the mall as a whole.
type Site struct {
	Name    string
	BaseURL string
	// Currency is the mall's settlement currency (ISO 4217).
	Currency string
}

// VisitorAccount is the signed-in account, as pages show it.
type VisitorAccount struct {
	ID         int64
	Name       string
	Email      string
	IsOperator bool
	IsStaff    bool
}

// Flash is a one-time message shown after a redirect.
type Flash struct {
	// Kind is "success", "error" or "info".
	Kind string
	// Key is the i18n key of the message.
	Key string
}

type visitorKey struct{}

// WithVisitor returns ctx carrying v.
func WithVisitor(ctx context.Context, v *Visitor) context.Context {
	return context.WithValue(ctx, visitorKey{}, v)
}

// VisitorFrom returns the visitor in ctx, or an anonymous one.
func VisitorFrom(ctx context.Context) *Visitor {
	if v, ok := ctx.Value(visitorKey{}).(*Visitor); ok && v != nil {
		return v
	}
	return &Visitor{Locale: i18n.FromContext(ctx)}
}

// SignedIn reports whether an account is signed in.
func (v *Visitor) SignedIn() bool { return v.Account != nil }
