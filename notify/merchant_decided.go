package notify

import (
	"context"

	mailer "github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/outbox"
)

// decisionKeys are each announced log entry's subject and opening line.
var decisionKeys = map[merchants.EventKind]struct{ subject, intro string }{
	merchants.EventApplied:    {"email.decision.applied.subject", "email.decision.applied.intro"},
	merchants.EventApproved:   {"email.decision.approved.subject", "email.decision.approved.intro"},
	merchants.EventRejected:   {"email.decision.rejected.subject", "email.decision.rejected.intro"},
	merchants.EventSuspended:  {"email.decision.suspended.subject", "email.decision.suspended.intro"},
	merchants.EventReinstated: {"email.decision.reinstated.subject", "email.decision.reinstated.intro"},
}

// merchantDecided tells a merchant, at its contact address and in its
// language, that its application arrived or what the operator decided
// about it, with the operator's reason and what it can do now.
func (n *Notifier) merchantDecided(ctx context.Context, job outbox.Job) error {
	var p merchants.MerchantDecided
	if err := job.Decode(&p); err != nil {
		return err
	}
	keys, ok := decisionKeys[p.Kind]
	if !ok {
		return nil
	}
	m, err := n.shop(ctx, p.MerchantID)
	if err != nil {
		return err
	}
	if m.ContactEmail == "" {
		n.cfg.Log.Warn("shop has no contact email; decision email not sent", "merchant", m.ID, "kind", p.Kind)
		return nil
	}
	l := newLetter(localeOf(m.Locale))
	shopURL := n.cfg.BaseURL + "/s/" + m.Slug
	adminURL := n.cfg.BaseURL + "/admin"
	l.greet(m.Name)
	l.p(l.T(keys.intro, "Shop", m.Name))
	if p.Reason != "" {
		l.blank()
		l.p(l.T("email.decision.reason", "Reason", p.Reason))
	}
	l.blank()
	switch p.Kind {
	case merchants.EventApplied:
		l.p(l.T("email.decision.applied.next"))
		l.p(l.T("email.decision.admin", "URL", adminURL))
	case merchants.EventApproved, merchants.EventReinstated:
		l.p(l.T("email.decision.shop", "URL", shopURL))
		l.p(l.T("email.decision.admin", "URL", adminURL))
	case merchants.EventRejected, merchants.EventSuspended:
		l.p(l.T("email.decision.closed.next", "URL", adminURL))
	}
	l.sign(n.cfg.MallName)
	return n.send(ctx, job, mailer.Message{
		To:      recipient(m.Name, m.ContactEmail),
		Subject: l.T(keys.subject, "Shop", m.Name),
		Text:    l.String(),
	})
}
