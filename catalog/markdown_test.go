package catalog_test

import (
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
)

// TestDescriptionImagesAreOnlyTheMalls: an image in a merchant's text is
// fetched by every visitor's browser, so one from another host would tell
// it who looks at the page (and, with a token in its address, more). Only
// images the mall stores are kept; the others leave their alt text.
func TestDescriptionImagesAreOnlyTheMalls(t *testing.T) {
	own := "/media/large/" + strings.Repeat("ab", 20) + "-jpg.jpg"
	for _, src := range []string{
		"![pic](https://evil.example/pixel.png)",
		"![pic](http://evil.example/pixel.png?t=__mall_csrf_9f8e7d__)",
		"![pic](//evil.example/pixel.png)",
		`![pic](/\evil.example/pixel.png)`,
		"![pic](/media/large/../../evil.png)",
		"![pic](/media/large/" + strings.Repeat("ab", 20) + "-jpg.jpg?x=1)",
		"![pic](data:image/png;base64,iVBORw0KGgo=)",
		`<img src="https://evil.example/pixel.png">`,
		`<p><img src="https://evil.example/pixel.png" alt="pic"></p>`,
		"[![pic](https://evil.example/pixel.png)](https://evil.example/)",
	} {
		html := catalog.DescriptionHTML(src)
		if strings.Contains(html, "<img") || strings.Contains(html, "evil.example/pixel") {
			t.Errorf("%s\n  renders %q", src, html)
		}
	}
	if html := catalog.DescriptionHTML("Look: ![a cup of tea](https://evil.example/pixel.png)"); !strings.Contains(html, "a cup of tea") {
		t.Errorf("foreign image lost its alt text: %q", html)
	}
	html := catalog.DescriptionHTML("![a cup of tea](" + own + ")")
	if !strings.Contains(html, `<img src="`+own+`" alt="a cup of tea"`) {
		t.Errorf("the mall's own image is not kept: %q", html)
	}
}
