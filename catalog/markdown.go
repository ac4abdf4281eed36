package catalog

import (
	"bytes"
	"html"
	"net/url"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/mall-project/mall/media"
)

var (
	// Raw HTML in the source is left out (goldmark's default), so the only
	// images are Markdown's own, which mallImages vets.
	markdown = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(mallImages{}, 1000))),
	)
	// The policy allows what product descriptions need (text formatting,
	// lists, tables, links, the mall's own images) and nothing that runs
	// script. An image from anywhere else would be fetched by every
	// visitor's browser: it would tell that host who looks at the page.
	htmlPolicy = func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		p.RewriteSrc(func(u *url.URL) {
			if !media.IsURL(u.String()) {
				*u = url.URL{}
			}
		})
		return p
	}()
)

// mallImages keeps the images of a description that the mall stores and
// turns every other into its alt text.
type mallImages struct{}

func (mallImages) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var foreign []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && !media.IsURL(string(img.Destination)) {
			foreign = append(foreign, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range foreign {
		parent := img.Parent()
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, img, c)
			c = next
		}
		parent.RemoveChild(parent, img)
	}
}

// DescriptionHTML renders a product description written in Markdown to
// HTML that is safe to put on a page as is: raw HTML in the source is
// left out, and images are only the mall's own.
func DescriptionHTML(src string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; a bytes.Buffer has none.
		return html.EscapeString(src)
	}
	return htmlPolicy.Sanitize(buf.String())
}

// descriptionVersion is the version of DescriptionHTML's rendering (the
// Markdown extensions, the image rule, the HTML policy). Change it with
// any of them: descriptions stored by an older one are then rendered
// afresh on reading, until the product is saved again.
const descriptionVersion = 1

// DescriptionHTML renders the product's description (see the function of
// the same name), or returns the rendering stored when it was saved.
func (p *Product) DescriptionHTML() string {
	if p.RenderedVersion == descriptionVersion {
		return p.RenderedDescription
	}
	return DescriptionHTML(p.Description)
}

// renderDescription stores the rendering of p's description on p.
func renderDescription(p *Product) {
	p.RenderedDescription, p.RenderedVersion = DescriptionHTML(p.Description), descriptionVersion
}
