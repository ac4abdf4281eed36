package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
)

// exifOrientation reads the EXIF orientation (1 to 8) of a JPEG: how a
// camera that stored the pixels sideways wants them turned for display.
// It returns 1 (as stored) when there is none or it cannot be read.
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		marker := data[i+1]
		if marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xFF {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image: no more metadata
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			if o := tiffOrientation(seg[6:]); o != 0 {
				return o
			}
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation finds tag 0x0112 in the first IFD of an EXIF TIFF
// block; 0 when it is not there or not valid.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 { // SHORT
			return 0
		}
		if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 0
	}
	return 0
}

// oriented is the size of an image of w×h stored pixels once turned the
// way orientation o says: orientations 5 to 8 swap width and height.
func oriented(w, h, o int) (int, int) {
	if o >= 5 && o <= 8 {
		return h, w
	}
	return w, h
}

// orient turns src the way EXIF orientation o says, so the stored image
// looks as the camera meant it without any metadata. 1 (or anything
// unknown) returns src as it is.
func orient(src image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := oriented(w, h, o)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	// where is the displayed point of stored pixel (x, y).
	where := func(x, y int) (int, int) {
		switch o {
		case 2: // mirrored
			return w - 1 - x, y
		case 3: // upside down
			return w - 1 - x, h - 1 - y
		case 4: // mirrored upside down
			return x, h - 1 - y
		case 5: // mirrored, turned a quarter anticlockwise
			return y, x
		case 6: // turned a quarter anticlockwise: turn it clockwise
			return h - 1 - y, x
		case 7: // mirrored, turned a quarter clockwise
			return h - 1 - y, w - 1 - x
		default: // 8: turned a quarter clockwise: turn it anticlockwise
			return y, w - 1 - x
		}
	}
	ycc, isYCC := src.(*image.YCbCr)
	for y := range h {
		for x := range w {
			var c color.RGBA
			if isYCC {
				p := ycc.YCbCrAt(b.Min.X+x, b.Min.Y+y)
				c.R, c.G, c.B = color.YCbCrToRGB(p.Y, p.Cb, p.Cr)
				c.A = 0xFF
			} else {
				c = color.RGBAModel.Convert(src.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
			}
			dx, dy := where(x, y)
			i := dst.PixOffset(dx, dy)
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = c.R, c.G, c.B, c.A
		}
	}
	return dst
}
