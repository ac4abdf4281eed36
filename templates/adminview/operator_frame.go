package adminview

import (
	"context"
	"fmt"
	"net/url"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
)

// Operator console sections, for marking the current one in the nav.
const (
	operatorNavOverview  = "overview"
	operatorNavMerchants = "merchants"
	operatorNavSettings  = "settings"
	operatorNavReviews   = "reviews"
)

// operatorFrame is the admin layout as the operator console uses it.
func operatorFrame(ctx context.Context, title, active string) templates.AdminFrame {
	return templates.AdminFrame{
		Title: title,
		Area:  "operator",
		Nav: []templates.NavItem{
			{Label: i18n.T(ctx, "operator.nav.overview"), URL: "/operator", Active: active == operatorNavOverview},
			{Label: i18n.T(ctx, "operator.nav.merchants"), URL: "/operator/merchants", Active: active == operatorNavMerchants},
			{Label: i18n.T(ctx, "reviews_admin.operator.nav"), URL: "/operator/reviews", Active: active == operatorNavReviews},
			{Label: i18n.T(ctx, "operator.nav.settings"), URL: "/operator/settings", Active: active == operatorNavSettings},
			{Label: i18n.T(ctx, "nav.mall_home"), URL: "/"},
		},
	}
}

// operatorPercent writes basis points as a percentage without floating point:
// 1250 -> "12.5", 500 -> "5", 1 -> "0.01".
func operatorPercent(bp int) string {
	whole, frac := bp/100, bp%100
	switch {
	case frac == 0:
		return fmt.Sprint(whole)
	case frac%10 == 0:
		return fmt.Sprintf("%d.%d", whole, frac/10)
	}
	return fmt.Sprintf("%d.%02d", whole, frac)
}

// OperatorPercent is operatorPercent for handlers filling the commission form.
func OperatorPercent(bp int) string { return operatorPercent(bp) }

func operatorMerchantsURL(status merchants.MerchantStatus, query string, page int) string {
	v := url.Values{}
	if status != "" {
		v.Set("status", string(status))
	}
	if query != "" {
		v.Set("q", query)
	}
	if page > 1 {
		v.Set("page", fmt.Sprint(page))
	}
	if len(v) == 0 {
		return "/operator/merchants"
	}
	return "/operator/merchants?" + v.Encode()
}

func operatorMerchantURL(id int64) string { return fmt.Sprintf("/operator/merchants/%d", id) }

func operatorFieldError(ctx context.Context, errs mall.FieldErrors, field string) string {
	if e, ok := errs[field]; ok && e != nil {
		return i18n.Error(ctx, e)
	}
	return ""
}

// OperatorMerchantsURL is the address of one page of the merchant list.
func OperatorMerchantsURL(status merchants.MerchantStatus, query string, page int) string {
	return operatorMerchantsURL(status, query, page)
}
