package shopview

import (
	"context"
	"net/url"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
)

// accountFieldError returns the translated message for one field of a
// form, or "" when the field is valid.
func accountFieldError(ctx context.Context, errs mall.FieldErrors, field string) string {
	if e, ok := errs[field]; ok && e != nil {
		return i18n.Error(ctx, e)
	}
	return ""
}

// accountLink is path carrying the "return to" page, when there is one.
func accountLink(path, next string) string {
	if next == "" || next == "/" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}
