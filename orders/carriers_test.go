package orders_test

import (
	"testing"

	"github.com/mall-project/mall/orders"
)

func TestTrackingLinksForTheCommonCarriers(t *testing.T) {
	for _, tc := range []struct{ carrier, number, want string }{
		{"UPS", "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784"},
		{"fedex", "123456789012", "https://www.fedex.com/fedextrack/?trknbr=123456789012"},
		{"USPS", "9400100000000000000000", "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000000"},
		{"DHL", "JD0001234567", "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=JD0001234567"},
		{"Royal  Mail", "AB123456789GB", "https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB"},
		{"SF Express", "SF1234567890", "https://www.sf-express.com/chn/en/waybill/waybill-detail/SF1234567890"},
		{"China Post", "RR123456789CN", "https://t.17track.net/en#nums=RR123456789CN"},
		{"Cainiao", "LP00123456789", "https://global.cainiao.com/detail.htm?mailNoList=LP00123456789"},
		{"YunExpress", "YT1234567890", "https://www.yuntrack.com/parcelTracking?id=YT1234567890"},
		{"Local courier", "42", ""},
		{"UPS", "a b&c", "https://www.ups.com/track?tracknum=a+b%26c"},
	} {
		if got := orders.TrackingURL(tc.carrier, tc.number); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.carrier, tc.number, got, tc.want)
		}
	}
	if len(orders.Carriers) != 9 {
		t.Errorf("%d carriers", len(orders.Carriers))
	}
}
