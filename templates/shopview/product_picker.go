package shopview

import (
	"context"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
)

// pickerData is what the variant picker's script (static js/mall.js)
// reads from the page: every variant with its price, stock and SKU as the
// page shows them, and the words it puts beside the chips.
type pickerData struct {
	Variants []pickerVariant `json:"variants"`
	// Images are the product's images in its own order (the first is the
	// one shown for a variant without an image of its own).
	Images []pickerImage `json:"images"`
	Text   pickerText    `json:"text"`
}

type pickerImage struct {
	ID     int64  `json:"id"`
	Src    string `json:"src"`
	SrcSet string `json:"srcset"`
	Sizes  string `json:"sizes"`
	Alt    string `json:"alt"`
}

type pickerVariant struct {
	ID      int64     `json:"id"`
	Options [3]string `json:"options"`
	Price   string    `json:"price"`
	// Compare is the "was" price, "" when there is none.
	Compare string `json:"compare"`
	SKU     string `json:"sku"`
	Stock   string `json:"stock"`
	State   string `json:"state"`
	// Max is the most the quantity field allows.
	Max int `json:"max"`
	// Image is the id of the variant's own image, 0 for none.
	Image int64 `json:"image"`
}

type pickerText struct {
	Was           string `json:"was"`
	SoldOut       string `json:"soldOut"`
	Missing       string `json:"missing"`
	ChoiceSoldOut string `json:"choiceSoldOut"`
	ChoiceMissing string `json:"choiceMissing"`
}

func newPickerData(ctx context.Context, v ProductView) pickerData {
	d := pickerData{
		Variants: make([]pickerVariant, 0, len(v.Variants)),
		Text: pickerText{
			Was:           i18n.T(ctx, "price.was"),
			SoldOut:       i18n.T(ctx, "product.variant.value_sold_out"),
			Missing:       i18n.T(ctx, "product.variant.value_missing"),
			ChoiceSoldOut: i18n.T(ctx, "product.variant.choice_sold_out"),
			ChoiceMissing: i18n.T(ctx, "product.variant.choice_missing"),
		},
	}
	d.Images = make([]pickerImage, 0, len(v.ProductImages))
	for _, img := range v.ProductImages {
		d.Images = append(d.Images, pickerImage{ID: img.ID, Src: img.Src, SrcSet: img.SrcSet, Sizes: img.Sizes, Alt: img.Alt})
	}
	for _, c := range v.Variants {
		pv := pickerVariant{
			ID:      c.ID,
			Options: c.Options,
			Price:   i18n.Money(ctx, c.Price),
			SKU:     c.SKU,
			Stock:   stockText(ctx, c.StockState, c.Stock),
			State:   c.StockState,
			Max:     maxAddQuantity(c.Stock),
			Image:   c.ImageID,
		}
		if c.CompareAt > c.Price.Amount {
			pv.Compare = i18n.Money(ctx, mall.Money{Amount: c.CompareAt, Currency: c.Price.Currency})
		}
		d.Variants = append(d.Variants, pv)
	}
	return d
}

// stockText is what StockState says for a variant.
func stockText(ctx context.Context, state string, stock int) string {
	switch state {
	case StockOut:
		return i18n.T(ctx, "product.stock.sold_out")
	case StockLow:
		return i18n.N(ctx, "product.stock.only_left", stock)
	}
	return i18n.T(ctx, "product.stock.in_stock")
}

// choiceMessage is what the picker says beside the chips about the chosen
// combination, "" when it can be bought.
func choiceMessage(ctx context.Context, v ProductView) string {
	switch {
	case v.Unavailable:
		return i18n.T(ctx, "product.variant.choice_missing")
	case v.StockState == StockOut:
		return i18n.T(ctx, "product.variant.choice_sold_out")
	}
	return ""
}

// chipMark is the visible word on a chip that cannot be bought.
func chipMark(ctx context.Context, state string) string {
	switch state {
	case ChoiceSoldOut:
		return i18n.T(ctx, "product.variant.value_sold_out")
	case ChoiceMissing:
		return i18n.T(ctx, "product.variant.value_missing")
	}
	return ""
}

func stockClass(state string) string {
	switch state {
	case StockOut:
		return "stock stock-out"
	case StockLow:
		return "stock stock-low"
	}
	return "stock"
}

func chipClass(state string) string {
	switch state {
	case ChoiceSoldOut:
		return "chip chip-sold-out"
	case ChoiceMissing:
		return "chip chip-missing"
	}
	return "chip"
}
