package notify

import (
	"context"

	"github.com/mall-project/mall/i18n"
	mailer "github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/outbox"
)

// roleKeys name each staff role, and roleSummaryKeys say what it may do,
// as the staff page says it.
var (
	roleKeys = map[merchants.StaffRoleName]string{
		merchants.RoleOwner: "staff.role.owner", merchants.RoleManager: "staff.role.manager", merchants.RoleClerk: "staff.role.clerk",
	}
	roleSummaryKeys = map[merchants.StaffRoleName]string{
		merchants.RoleOwner: "roles.summary.owner", merchants.RoleManager: "roles.summary.manager", merchants.RoleClerk: "roles.summary.clerk",
	}
)

// staffInvited emails the invitation link to the person invited, in the
// shop's language: who invites them to which shop, as what, what that
// role may do, and until when the link works. An invitation cancelled,
// replaced or accepted before the email went out is not sent.
func (n *Notifier) staffInvited(ctx context.Context, job outbox.Job) error {
	var p merchants.StaffInvited
	if err := job.Decode(&p); err != nil {
		return err
	}
	inv, err := n.cfg.Merchants.InvitationByToken(ctx, p.Token)
	if mall.ErrorCode(err) == mall.ENotFound || (err == nil && inv.ID != p.InvitationID) {
		return nil
	}
	if err != nil {
		return err
	}
	m, err := n.shop(ctx, p.MerchantID)
	if err != nil {
		return err
	}
	l := newLetter(localeOf(m.Locale))
	role := l.T(roleKeys[p.Role])
	l.p(l.T("email.greeting_anonymous"))
	l.blank()
	if p.InviterName != "" {
		l.p(l.T("email.invite.intro_by", "Name", p.InviterName, "Shop", m.Name, "Role", role))
	} else {
		l.p(l.T("email.invite.intro", "Shop", m.Name, "Role", role))
	}
	l.p(l.T("email.invite.rights", "Role", role, "Rights", l.T(roleSummaryKeys[p.Role])))
	l.blank()
	l.p(l.T("email.invite.accept", "URL", n.cfg.BaseURL+"/invitations/"+p.Token))
	l.p(l.T("email.invite.expires", "Date", i18n.Date(l.ctx, p.ExpiresAt)))
	l.p(l.T("email.invite.account", "Email", p.Email))
	l.blank()
	l.p(l.T("email.invite.ignore"))
	l.sign(n.cfg.MallName)
	return n.send(ctx, job, mailer.Message{
		To:      p.Email,
		Subject: l.T("email.invite.subject", "Shop", m.Name),
		Text:    l.String(),
		Headers: replyTo(m.ContactEmail),
	})
}
