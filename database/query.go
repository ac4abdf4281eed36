package database

import "strings"

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// EscapeLike escapes LIKE's wildcards in s so that it matches itself;
// the query must say ESCAPE '\'.
func EscapeLike(s string) string { return likeEscaper.Replace(s) }

// ContainsPattern is the LIKE pattern (with ESCAPE '\') matching any text
// that contains s.
func ContainsPattern(s string) string { return "%" + EscapeLike(s) + "%" }

// Page turns a page number (from 1) and a page size into LIMIT and
// OFFSET: a size of 0 or less is def, a size above limitMax is limitMax,
// and a page below 1 is the first.
func Page(page, perPage, def, limitMax int) (limit, offset int) {
	if perPage <= 0 {
		perPage = def
	}
	perPage = min(perPage, limitMax)
	page = max(page, 1)
	return perPage, (page - 1) * perPage
}
