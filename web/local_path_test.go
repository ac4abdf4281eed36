package web_test

import (
	"testing"

	"github.com/mall-project/mall/web"
)

func TestLocalPathKeepsVisitorsOnTheMall(t *testing.T) {
	local := []string{"/", "/account", "/s/tea/p/12?variant=3#reviews", "/search?q=%E9%BE%99%E4%BA%95", "/%09/evil.example", "/a//b"}
	for _, p := range local {
		if got := web.LocalPath(p, "FALLBACK"); got != p {
			t.Errorf("LocalPath(%q) = %q, want it kept", p, got)
		}
	}
	offsite := []string{
		"", "account", "https://evil.example/", "javascript:alert(1)", "//evil.example", "///evil.example",
		"/\\evil.example", "/\t/evil.example", "/\t\\evil.example", "\t//evil.example", "/\n/evil.example", "/\r/evil.example",
		"/ /evil.example", "/\u00a0/evil.example", "/\u2028/evil.example", "/\u200b/evil.example", "/\x00", "/\x7f/evil",
		"/\x85/evil", "/a\\b", "/\xff",
	}
	for _, p := range offsite {
		if got := web.LocalPath(p, "FALLBACK"); got != "FALLBACK" {
			t.Errorf("LocalPath(%q) = %q, want the fallback", p, got)
		}
	}
}
