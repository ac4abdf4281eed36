package orders

import (
	"net/url"
	"strings"
)

// Carrier is a delivery company whose parcels can be followed on its site.
type Carrier struct {
	Name string
	// track is the tracking page with %s where the (escaped) number goes.
	track string
}

// Carriers are the common carriers the mall offers and links to, in the
// order a merchant picks from.
var Carriers = []Carrier{
	{"UPS", "https://www.ups.com/track?tracknum=%s"},
	{"FedEx", "https://www.fedex.com/fedextrack/?trknbr=%s"},
	{"USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels=%s"},
	{"DHL", "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=%s"},
	{"Royal Mail", "https://www.royalmail.com/track-your-item#/tracking-results/%s"},
	{"SF Express", "https://www.sf-express.com/chn/en/waybill/waybill-detail/%s"},
	{"China Post", "https://t.17track.net/en#nums=%s"},
	{"Cainiao", "https://global.cainiao.com/detail.htm?mailNoList=%s"},
	{"YunExpress", "https://www.yuntrack.com/parcelTracking?id=%s"},
}

// TrackingURL is where a parcel sent with carrier under number is
// followed, or "" for a carrier the mall does not know. The carrier's
// name matches ignoring case and spaces ("sf express", "SFExpress").
func TrackingURL(carrier, number string) string {
	number = strings.TrimSpace(number)
	if number == "" {
		return ""
	}
	key := carrierKey(carrier)
	for _, c := range Carriers {
		if carrierKey(c.Name) == key {
			return strings.Replace(c.track, "%s", url.QueryEscape(number), 1)
		}
	}
	return ""
}

func carrierKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), ""))
}
