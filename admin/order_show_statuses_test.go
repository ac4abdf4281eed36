package admin

import (
	"testing"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/adminview"
)

// names fails for a declared value without words on the order page, and
// for words given to a value that is not declared.
func names[T interface {
	~string
	Valid() bool
}](t *testing.T, what string, all []T, keys map[T]string) {
	t.Helper()
	for _, v := range all {
		if keys[v] == "" {
			t.Errorf("%s %q has no i18n key", what, v)
		}
	}
	for v := range keys {
		if !v.Valid() {
			t.Errorf("%s %q has an i18n key but is not declared", what, v)
		}
	}
}

// Every actor kind, transfer status and refund status an order can hold
// has words on the order page; a new one without them fails here rather
// than showing a fallback.
func TestEveryOrderStatusAndActorHasAName(t *testing.T) {
	names(t, "actor kind", orders.ActorKinds(), orderActorKeys)
	names(t, "transfer status", orders.TransferStatuses(), adminview.TransferStatusKeys)
	names(t, "refund status", orders.RefundStatuses(), adminview.RefundStatusKeys)
}
