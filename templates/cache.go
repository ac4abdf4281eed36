package templates

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"sync"

	"github.com/a-h/templ"
	templruntime "github.com/a-h/templ/runtime"
)

// A page many visitors share (the storefront's page cache) is rendered once
// with a visitor whose Cached flag is set, as an anonymous visitor with an
// empty cart sees it. The places of the per-visitor parts (the CSRF token,
// the account/cart links, the flash message) are recorded, as byte ranges,
// while the page renders; Fill then writes one visitor's parts there.
//
// The places are never found by searching the page: whatever a merchant
// writes in a product's text stays text, even if it looks like a marker
// (a description that spelled a placeholder once made every visitor's
// browser send its own token to the merchant's image host).

// slotKind is which per-visitor part goes in a slot.
type slotKind uint8

const (
	slotCSRF slotKind = iota + 1
	slotVisitorNav
	slotFlash
)

// slot is the range [at, end) of a shared page that holds what an
// anonymous visitor sees of one per-visitor part (empty for the token and
// the flash).
type slot struct {
	at, end int
	kind    slotKind
}

// SharedPage is page bytes every visitor sees alike, with the places of the
// per-visitor parts recorded at render time. It is kept once: the
// anonymous visitor's parts are already in it.
type SharedPage struct {
	body   []byte
	slots  []slot
	tokens int
}

// Size is the memory the page holds.
func (p *SharedPage) Size() int { return len(p.body) + 24*len(p.slots) }

// recorder is the writer a shared page renders into: the slot components
// below find it beneath templ's buffers and note where they are.
type recorder struct {
	bytes.Buffer
	slots []slot
}

// recorders are the buffers pages render into, reused.
var recorders = sync.Pool{New: func() any { return new(recorder) }}

// putRecorder gives r back for another page, unless it grew past what a
// page needs (an export, a huge description): that memory goes.
func putRecorder(r *recorder) {
	if r.Cap() > 1<<20 {
		return
	}
	r.Reset()
	r.slots = r.slots[:0]
	recorders.Put(r)
}

var errNoRecorder = errors.New("templates: a shared page must be rendered by RenderShared")

// RenderShared renders component for many visitors: ctx's visitor must have
// Cached set (and no account, cart or flash of its own).
func RenderShared(ctx context.Context, component templ.Component) (*SharedPage, error) {
	if v := VisitorFrom(ctx); !v.Cached || v.Account != nil || v.CartCount != 0 || v.Flash != nil {
		return nil, errors.New("templates: RenderShared needs an anonymous visitor with Cached set")
	}
	r := recorders.Get().(*recorder)
	defer putRecorder(r)
	if err := component.Render(ctx, r); err != nil {
		return nil, err
	}
	// The page is kept as long as the cache holds it: it holds exactly its
	// bytes, not the buffer it grew in (that was half again as much in all,
	// beyond the cache's bound by bytes).
	p := &SharedPage{body: bytes.Clone(r.Bytes()), slots: slices.Clone(r.slots)}
	for _, s := range p.slots {
		if s.kind == slotCSRF {
			p.tokens++
		}
	}
	return p, nil
}

// recorderOf finds the recorder beneath templ's buffers, with everything
// written so far flushed to it.
func recorderOf(w io.Writer) (*recorder, error) {
	for {
		b, ok := w.(*templruntime.Buffer)
		if !ok {
			break
		}
		if err := b.Flush(); err != nil {
			return nil, err
		}
		w = b.Underlying
	}
	r, ok := w.(*recorder)
	if !ok {
		return nil, errNoRecorder
	}
	return r, nil
}

// slotHere is the place of a per-visitor part of kind in a shared page,
// with what an anonymous visitor sees there (def, nil for nothing).
func slotHere(kind slotKind, def templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		r, err := recorderOf(w)
		if err != nil {
			return err
		}
		at := r.Len()
		if def != nil {
			if err := def.Render(ctx, r); err != nil {
				return err
			}
		}
		r.slots = append(r.slots, slot{at: at, end: r.Len(), kind: kind})
		return nil
	})
}

// csrfSlotField is the CSRF field of a shared page: its value is a slot.
func csrfSlotField() templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if _, err := io.WriteString(w, `<input type="hidden" name="_csrf" value="`); err != nil {
			return err
		}
		if err := slotHere(slotCSRF, nil).Render(ctx, w); err != nil {
			return err
		}
		_, err := io.WriteString(w, `">`)
		return err
	})
}

// Fill writes the page as the visitor in ctx sees it to w: their CSRF
// token, their account and cart links and their flash message put in the
// page's slots. The page is written in pieces (w is the response's own
// pooled buffer), never copied whole.
func (p *SharedPage) Fill(ctx context.Context, w io.Writer) error {
	v := VisitorFrom(ctx)
	nav, err := visitorNav(ctx, v)
	if err != nil {
		return err
	}
	var flash []byte
	if v.Flash != nil {
		var buf bytes.Buffer
		if err := FlashMessage().Render(ctx, &buf); err != nil {
			return err
		}
		flash = buf.Bytes()
	}
	last := 0
	for _, s := range p.slots {
		if _, err := w.Write(p.body[last:s.at]); err != nil {
			return err
		}
		last = s.end
		switch s.kind {
		case slotCSRF:
			_, err = io.WriteString(w, v.CSRFToken)
		case slotVisitorNav:
			err = nav.WriteAnonymous(w, v.CSRFToken)
		case slotFlash:
			_, err = w.Write(flash)
		}
		if err != nil {
			return err
		}
	}
	_, err = w.Write(p.body[last:])
	return err
}

// Body is the page's bytes as an anonymous visitor with an empty cart and
// no message sees it, when they need no token of their own (the page has
// no form): shared, callers must not change it.
func (p *SharedPage) Body() ([]byte, bool) { return p.body, p.tokens == 0 }

// WriteAnonymous writes the page as an anonymous visitor with an empty
// cart and no message sees it to w, with token in its forms.
func (p *SharedPage) WriteAnonymous(w io.Writer, token string) error {
	last := 0
	for _, s := range p.slots {
		if s.kind != slotCSRF {
			continue
		}
		if _, err := w.Write(p.body[last:s.at]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, token); err != nil {
			return err
		}
		last = s.end
	}
	_, err := w.Write(p.body[last:])
	return err
}

// The visitor navigation of a signed-in shopper or of one with a cart
// differs only by what navKey holds, and its token: it is rendered once per
// key, with a slot for the token, and kept (navCacheMax of them at most;
// carts past navCartMax items are rendered each time).
type navKey struct {
	locale                    string
	signedIn, staff, operator bool
	cartCount                 int
}

const (
	navCartMax  = 99
	navCacheMax = 4096
)

var (
	navMu    sync.RWMutex
	navCache = map[navKey]*SharedPage{}
)

// visitorNav is VisitorNav as v sees it, with a slot for the token.
func visitorNav(ctx context.Context, v *Visitor) (*SharedPage, error) {
	key := navKey{locale: v.Locale.Tag(), signedIn: v.Account != nil, cartCount: v.CartCount}
	if v.Account != nil {
		key.staff, key.operator = v.Account.IsStaff, v.Account.IsOperator
	}
	navMu.RLock()
	nav, ok := navCache[key]
	navMu.RUnlock()
	if ok {
		return nav, nil
	}
	shared := Visitor{Locale: v.Locale, Site: v.Site, Cached: true, CartCount: v.CartCount}
	if v.Account != nil {
		shared.Account = &VisitorAccount{IsStaff: key.staff, IsOperator: key.operator}
	}
	var r recorder
	if err := VisitorNav().Render(WithVisitor(ctx, &shared), &r); err != nil {
		return nil, err
	}
	nav = &SharedPage{body: r.Bytes(), slots: r.slots}
	if key.cartCount < 0 || key.cartCount > navCartMax {
		return nav, nil
	}
	navMu.Lock()
	if len(navCache) >= navCacheMax {
		navCache = map[navKey]*SharedPage{}
	}
	navCache[key] = nav
	navMu.Unlock()
	return nav, nil
}
