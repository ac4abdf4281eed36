package admin

import (
	"fmt"

	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates/adminview"
)

// signalKeys are the message keys of the integrity signals.
var signalKeys = map[string]string{
	reviews.SignalRefundAfterGood:     "integrity.signal.refund_after_good",
	reviews.SignalChargebackAfterGood: "integrity.signal.chargeback_after_good",
	reviews.SignalShopRefundsAfter5:   "integrity.signal.shop_refunds_after_five",
	reviews.SignalLinkedReviewers:     "integrity.signal.linked_reviewers",
	reviews.SignalLinkedStaff:         "integrity.signal.linked_staff",
	reviews.SignalOtherAddress:        "integrity.signal.other_address",
	reviews.SignalSharedAddress:       "integrity.signal.shared_address",
	reviews.SignalBurst:               "integrity.signal.burst",
	reviews.SignalYoungAccount:        "integrity.signal.young_account",
	reviews.SignalOneShopBuyer:        "integrity.signal.one_shop_buyer",
	reviews.SignalQuickReview:         "integrity.signal.quick_review",
	reviews.SignalSimilarText:         "integrity.signal.similar_text",
	reviews.SignalDeepDiscount:        "integrity.signal.deep_discount",
	reviews.SignalIncentive:           "integrity.signal.incentive",
	reviews.SignalRewardCases:         "integrity.signal.shop_reward_cases",
}

// linkKeys name what linked buyers share.
var linkKeys = map[string]string{
	reviews.LinkCard:    "integrity.link.card",
	reviews.LinkDevice:  "integrity.link.device",
	reviews.LinkNetwork: "integrity.link.network",
	reviews.LinkAddress: "integrity.link.address",
}

func viaKeys(via []string) []string {
	out := make([]string, 0, len(via))
	for _, v := range via {
		if k, ok := linkKeys[v]; ok {
			out = append(out, k)
		}
	}
	return out
}

// integrityOf is a review's stored signals in words; groupURL, when not
// empty, is the format of the operator's page of the review's group.
func integrityOf(rs *reviews.ReviewSignals, groupURL string) adminview.Integrity {
	if rs == nil {
		return adminview.Integrity{}
	}
	v := adminview.Integrity{Computed: true, Score: rs.Score}
	for _, s := range rs.Signals {
		key, ok := signalKeys[s.Code]
		if !ok {
			continue
		}
		v.Signals = append(v.Signals, adminview.SignalLine{Key: key, N: s.N, Share: s.Share, ViaKeys: viaKeys(s.Via), Weight: s.Weight})
	}
	if groupURL != "" && rs.GroupID != 0 {
		v.GroupURL = fmt.Sprintf(groupURL, rs.GroupID)
	}
	return v
}
