package catalog

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))
	// The policy allows what product descriptions need (text formatting,
	// lists, tables, links, images) and nothing that runs script.
	htmlPolicy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		return p
	}()
)

// DescriptionHTML renders a product description written in Markdown to
// HTML that is safe to put on a page as is: raw HTML in the source is
// sanitised away.
func DescriptionHTML(src string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; a bytes.Buffer has none.
		return htmlPolicy.Sanitize(src)
	}
	return htmlPolicy.Sanitize(buf.String())
}

// DescriptionHTML renders the product's description; see the function of
// the same name.
func (p *Product) DescriptionHTML() string { return DescriptionHTML(p.Description) }
