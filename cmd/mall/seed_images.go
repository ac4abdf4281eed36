package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
)

// demoImageSize is the side of the generated product pictures, large
// enough for the media store to make all its resized variants.
const demoImageSize = 800

// demoShapes are the motifs drawn on product pictures, one per product
// in turn, so a shop's grid does not look like one repeated tile.
const demoShapes = 5

// productPicture draws a square PNG: a soft diagonal gradient from a light
// tint of the shop's colour to a deeper shade, with one simple shape in a
// contrasting tint. It is deterministic: the same inputs give the same
// bytes.
func productPicture(theme string, shape, variant int) ([]byte, error) {
	base := parseHex(theme)
	light := mix(base, color.RGBA{255, 255, 255, 255}, 0.82)
	deep := mix(base, color.RGBA{20, 20, 20, 255}, 0.15)
	accent := mix(base, color.RGBA{255, 250, 240, 255}, 0.35+0.1*float64(variant%3))
	n := demoImageSize
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	c := float64(n) / 2
	r := float64(n) * 0.26
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			t := (float64(x) + float64(y)) / float64(2*n)
			px := mix(light, deep, t*0.85)
			if insideShape(shape, float64(x)-c, float64(y)-c*1.05, r) {
				px = accent
			} else if insideShape(shape, float64(x)-c+r*0.08, float64(y)-c*1.05-r*0.08, r) {
				px = mix(px, color.RGBA{0, 0, 0, 255}, 0.12) // soft shadow
			}
			img.SetRGBA(x, y, px)
		}
	}
	var buf bytes.Buffer
	// Fast compression: the media store re-encodes the picture anyway.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func insideShape(shape int, dx, dy, r float64) bool {
	switch shape % demoShapes {
	case 0: // circle
		return dx*dx+dy*dy <= r*r
	case 1: // rounded square
		q := r * 0.85
		ax, ay := math.Abs(dx)-q*0.7, math.Abs(dy)-q*0.7
		if ax <= 0 || ay <= 0 {
			return math.Abs(dx) <= q && math.Abs(dy) <= q
		}
		return ax*ax+ay*ay <= (q*0.3)*(q*0.3)
	case 2: // ring
		d := dx*dx + dy*dy
		return d <= r*r && d >= (r*0.6)*(r*0.6)
	case 3: // triangle pointing up
		if dy < -r || dy > r*0.8 {
			return false
		}
		half := (dy + r) / (1.8 * r) * r
		return math.Abs(dx) <= half
	default: // diamond
		return math.Abs(dx)+math.Abs(dy) <= r
	}
}

func parseHex(s string) color.RGBA {
	if len(s) != 7 || s[0] != '#' {
		return color.RGBA{47, 93, 80, 255}
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return color.RGBA{47, 93, 80, 255}
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	if t < 0 {
		t = 0
	}
	if t > 1 {
		t = 1
	}
	l := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}
