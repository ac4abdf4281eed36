package templates

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/a-h/templ"
	templruntime "github.com/a-h/templ/runtime"
)

// A page many visitors share (the storefront's page cache) is rendered once
// with a visitor whose Cached flag is set. Where a per-visitor part goes
// (the CSRF token, the account/cart links, the flash message) nothing is
// written: the place is recorded, by byte offset, while the page renders.
// Fill then writes one visitor's parts at those offsets.
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

type slot struct {
	at   int
	kind slotKind
}

// SharedPage is page bytes every visitor sees alike, with the places of the
// per-visitor parts recorded at render time.
type SharedPage struct {
	body  []byte
	slots []slot
}

// Size is the memory the page holds.
func (p *SharedPage) Size() int { return len(p.body) + 16*len(p.slots) }

// recorder is the writer a shared page renders into: the slot components
// below find it beneath templ's buffers and note where they are.
type recorder struct {
	bytes.Buffer
	slots []slot
}

var errNoRecorder = errors.New("templates: a shared page must be rendered by RenderShared")

// RenderShared renders component for many visitors: ctx's visitor must have
// Cached set, and the page's per-visitor parts are left as recorded slots.
func RenderShared(ctx context.Context, component templ.Component) (*SharedPage, error) {
	if !VisitorFrom(ctx).Cached {
		return nil, errors.New("templates: RenderShared needs a visitor with Cached set")
	}
	var r recorder
	if err := component.Render(ctx, &r); err != nil {
		return nil, err
	}
	return &SharedPage{body: r.Bytes(), slots: r.slots}, nil
}

// slotHere marks where a per-visitor part of kind goes in a shared page.
func slotHere(kind slotKind) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		for {
			b, ok := w.(*templruntime.Buffer)
			if !ok {
				break
			}
			// What templ holds back must be in the page before the
			// offset is taken.
			if err := b.Flush(); err != nil {
				return err
			}
			w = b.Underlying
		}
		r, ok := w.(*recorder)
		if !ok {
			return errNoRecorder
		}
		r.slots = append(r.slots, slot{at: r.Len(), kind: kind})
		return nil
	})
}

// csrfSlotField is the CSRF field of a shared page: its value is a slot.
func csrfSlotField() templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if _, err := io.WriteString(w, `<input type="hidden" name="_csrf" value="`); err != nil {
			return err
		}
		if err := slotHere(slotCSRF).Render(ctx, w); err != nil {
			return err
		}
		_, err := io.WriteString(w, `">`)
		return err
	})
}

// visitorParts renders what the visitor in ctx sees in the account/cart slot and
// the flash slot.
func visitorParts(ctx context.Context) (nav, flash []byte, err error) {
	v := VisitorFrom(ctx)
	var b bytes.Buffer
	if err := VisitorNav().Render(ctx, &b); err != nil {
		return nil, nil, err
	}
	n := b.Len()
	if v.Flash != nil {
		if err := FlashMessage().Render(ctx, &b); err != nil {
			return nil, nil, err
		}
	}
	all := b.Bytes()
	return all[:n:n], all[n:], nil
}

// Fill is the page as the visitor in ctx sees it: their CSRF token, their
// account and cart links and their flash message put in the page's slots.
func (p *SharedPage) Fill(ctx context.Context) ([]byte, error) {
	v := VisitorFrom(ctx)
	nav, flash, err := visitorParts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(p.body)+len(nav)+len(flash)+len(p.slots)*len(v.CSRFToken))
	last := 0
	for _, s := range p.slots {
		out = append(out, p.body[last:s.at]...)
		last = s.at
		switch s.kind {
		case slotCSRF:
			out = append(out, v.CSRFToken...)
		case slotVisitorNav:
			out = append(out, nav...)
		case slotFlash:
			out = append(out, flash...)
		}
	}
	return append(out, p.body[last:]...), nil
}

// TokenPage is a shared page filled for a visitor but for the CSRF token:
// the page as every such visitor sees it is its parts joined by their own
// token.
type TokenPage struct {
	parts [][]byte
}

// FillButToken fills the page's slots for the visitor in ctx, all but the
// CSRF token's.
func (p *SharedPage) FillButToken(ctx context.Context) (*TokenPage, error) {
	nav, flash, err := visitorParts(ctx)
	if err != nil {
		return nil, err
	}
	var parts [][]byte
	cur := make([]byte, 0, len(p.body)+len(nav)+len(flash))
	last := 0
	for _, s := range p.slots {
		cur = append(cur, p.body[last:s.at]...)
		last = s.at
		switch s.kind {
		case slotCSRF:
			parts = append(parts, cur)
			cur = nil
		case slotVisitorNav:
			cur = append(cur, nav...)
		case slotFlash:
			cur = append(cur, flash...)
		}
	}
	parts = append(parts, append(cur, p.body[last:]...))
	return &TokenPage{parts: parts}, nil
}

// Size is the memory the page holds.
func (p *TokenPage) Size() int {
	n := 0
	for _, part := range p.parts {
		n += len(part)
	}
	return n
}

// WithToken is the page with token in each CSRF slot. A page without a
// form is returned as is, shared: callers must not change it.
func (p *TokenPage) WithToken(token string) []byte {
	if len(p.parts) == 1 {
		return p.parts[0]
	}
	out := make([]byte, 0, p.Size()+len(token)*(len(p.parts)-1))
	for i, part := range p.parts {
		if i > 0 {
			out = append(out, token...)
		}
		out = append(out, part...)
	}
	return out
}
