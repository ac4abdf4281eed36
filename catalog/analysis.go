package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Text analysis shared by indexing and querying, so both sides cut text the
// same way on both databases: words are folded (lower case, accents
// removed) and split on anything that is not a letter or digit; runs of
// CJK characters, which have no spaces between words, become overlapping
// bigrams (the Lucene CJK analyzer's approach), so any two or more
// consecutive characters of a title find it, followed by each of their
// characters on its own, so one character finds every title that has it.

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// fold lower-cases s and strips its diacritics ("Café" -> "cafe").
func fold(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// analysed is text cut into folded words and CJK runs.
type analysed struct {
	words []string
	runs  [][]rune
}

func analyse(s string) analysed {
	var a analysed
	var word []rune
	var run []rune
	flushWord := func() {
		if len(word) > 0 {
			a.words = append(a.words, string(word))
			word = word[:0]
		}
	}
	flushRun := func() {
		if len(run) > 0 {
			a.runs = append(a.runs, append([]rune(nil), run...))
			run = run[:0]
		}
	}
	for _, r := range fold(s) {
		switch {
		case isCJK(r):
			flushWord()
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushRun()
			word = append(word, r)
		default:
			flushWord()
			flushRun()
		}
	}
	flushWord()
	flushRun()
	return a
}

// bigrams cuts one CJK run into overlapping pairs; a single character
// stays itself.
func bigrams(run []rune) []string {
	if len(run) == 1 {
		return []string{string(run)}
	}
	out := make([]string, 0, len(run)-1)
	for i := 0; i+1 < len(run); i++ {
		out = append(out, string(run[i:i+2]))
	}
	return out
}

// wordText is the space-separated words of s, for the word index.
func wordText(s string) string { return strings.Join(analyse(s).words, " ") }

// bigramText is the text of s for the CJK index: the space-separated
// bigrams of every CJK run, then every CJK character of s once on its own.
// No bigram spans two runs, so a query of characters that are not
// consecutive in s does not find it. The characters come after all the
// bigrams: a query of two or more characters is a phrase of bigrams, and
// a one-character token (never a bigram) cannot take part in it, so they
// do not change what phrases find; a query of one character is that
// character as a token, found wherever it stands in a word (茶 in 岩茶,
// which no bigram starts with 茶).
func bigramText(s string) string {
	var parts []string
	var chars []string
	seen := map[rune]bool{}
	for _, run := range analyse(s).runs {
		parts = append(parts, strings.Join(bigrams(run), " "))
		if len(run) == 1 {
			seen[run[0]] = true // the run's one bigram is the character
			continue
		}
		for _, r := range run {
			if !seen[r] {
				seen[r] = true
				chars = append(chars, string(r))
			}
		}
	}
	return strings.Join(append(parts, chars...), " ")
}
