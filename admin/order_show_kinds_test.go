package admin

import (
	"testing"

	"github.com/mall-project/mall/orders"
)

// Every kind of entry an order's history can hold has words on the order
// page; a new kind without them fails here rather than showing its code.
func TestEveryOrderEventKindHasAName(t *testing.T) {
	for _, k := range orders.EventKinds {
		if orderEventKeys[k] == "" {
			t.Errorf("order event kind %q has no i18n key in orderEventKeys", k)
		}
	}
	if len(orderEventKeys) != len(orders.EventKinds) {
		t.Errorf("orderEventKeys names %d kinds, orders.EventKinds lists %d", len(orderEventKeys), len(orders.EventKinds))
	}
}
