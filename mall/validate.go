package mall

import (
	"regexp"
	"strings"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$`)

// ValidSlug reports whether s may be a merchant's or product's slug.
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

var hostPattern = regexp.MustCompile(`^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// ValidHost reports whether s is a plain host name usable as a custom domain.
func ValidHost(s string) bool { return len(s) <= 253 && hostPattern.MatchString(s) }

var colorPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ValidColor reports whether s is a #rrggbb colour.
func ValidColor(s string) bool { return colorPattern.MatchString(s) }

// Slugify makes a URL slug from a name: lower-case ASCII letters, digits and
// dashes. It returns "" when nothing usable is left (for example a name in
// Chinese); callers then ask for a slug or fall back to an id.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	return s
}
