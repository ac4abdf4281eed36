package payments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/stripe/stripe-go/v76"
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// ConnectAccount is a merchant's Stripe connected account as the mall last
// saw it.
type ConnectAccount struct {
	ID               int64 `gorm:"primaryKey"`
	MerchantID       int64
	StripeAccountID  string
	ChargesEnabled   bool
	PayoutsEnabled   bool
	DetailsSubmitted bool
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// TableName is the table of connected accounts.
func (ConnectAccount) TableName() string { return "payment_accounts" }

// Connected reports whether the merchant has started onboarding (nil-safe:
// a nil account is "not connected").
func (a *ConnectAccount) Connected() bool { return a != nil && a.StripeAccountID != "" }

// Ready reports whether transfers to the account can be made: Stripe lets
// it receive payouts.
func (a *ConnectAccount) Ready() bool { return a.Connected() && a.PayoutsEnabled }

// ConnectStatus returns the merchant's connected account, or nil (and no
// error) when the merchant has not started onboarding.
func (s *Service) ConnectStatus(ctx context.Context, merchantID int64) (*ConnectAccount, error) {
	var a ConnectAccount
	err := s.db.WithContext(ctx).Scopes(database.InMerchant(merchantID)).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("payments: connect status of merchant %d: %w", merchantID, err)
	}
	return &a, nil
}

// errNoStripe is returned by the Stripe-only operations under the offline
// provider.
var errNoStripe = &mall.Error{Code: mall.EConflict, Key: "payments.error.stripe_off", Message: "Stripe is not configured"}

// ConnectOnboardingURL returns a Stripe-hosted onboarding link for the
// merchant, creating its Express connected account the first time. The
// links are single-use and short-lived, so the caller redirects at once;
// refreshURL is where Stripe sends a merchant whose link went stale (it
// should call this again).
func (s *Service) ConnectOnboardingURL(ctx context.Context, merchantID int64, returnURL, refreshURL string) (string, error) {
	if s.stripe == nil {
		return "", errNoStripe
	}
	acct, err := s.ensureAccount(ctx, merchantID)
	if err != nil {
		return "", err
	}
	// No key of the mall's: each link is single-use, so asking again must
	// make a new one. stripe-go still sends a random idempotency key with
	// every POST, which keeps its own network retries from making two.
	lp := &stripe.AccountLinkParams{
		Params:     params(ctx, ""),
		Account:    stripe.String(acct.StripeAccountID),
		Type:       stripe.String("account_onboarding"),
		ReturnURL:  stripe.String(s.absoluteURL(returnURL)),
		RefreshURL: stripe.String(s.absoluteURL(refreshURL)),
	}
	link, err := s.stripe.AccountLinks.New(lp)
	if err != nil {
		return "", s.providerError(fmt.Sprintf("account link for merchant %d", merchantID), err)
	}
	return link.URL, nil
}

// ensureAccount returns the merchant's connected account, creating it at
// Stripe and in the mall the first time. The idempotency key makes a
// second request (a double click, a crash before the row was written)
// return the same Stripe account instead of a second one.
func (s *Service) ensureAccount(ctx context.Context, merchantID int64) (*ConnectAccount, error) {
	if a, err := s.ConnectStatus(ctx, merchantID); err != nil || a != nil {
		return a, err
	}
	m, err := s.mer.MerchantByID(ctx, merchantID)
	if err != nil {
		return nil, err
	}
	ap := &stripe.AccountParams{
		Params: params(ctx, idemKey("connect-account", merchantID)),
		Type:   stripe.String(string(stripe.AccountTypeExpress)),
		BusinessProfile: &stripe.AccountBusinessProfileParams{
			Name: stripe.String(m.Name),
		},
		Capabilities: &stripe.AccountCapabilitiesParams{
			Transfers: &stripe.AccountCapabilitiesTransfersParams{Requested: stripe.Bool(true)},
		},
	}
	if m.ContactEmail != "" {
		ap.Email = stripe.String(m.ContactEmail)
	}
	ap.AddMetadata("merchant_id", strconv.FormatInt(merchantID, 10))
	ap.AddMetadata("merchant_slug", m.Slug)
	sa, err := s.stripe.Accounts.New(ap)
	if err != nil {
		return nil, s.providerError(fmt.Sprintf("create connected account for merchant %d", merchantID), err)
	}
	now := s.now()
	a := &ConnectAccount{
		MerchantID:       merchantID,
		StripeAccountID:  sa.ID,
		ChargesEnabled:   sa.ChargesEnabled,
		PayoutsEnabled:   sa.PayoutsEnabled,
		DetailsSubmitted: sa.DetailsSubmitted,
		CreatedAt:        now,
		UpdatedAt:        now,
	}
	if err := s.db.WithContext(ctx).Create(a).Error; err != nil {
		if database.IsUniqueViolation(err) {
			// Another request won the race; it got the same Stripe
			// account through the idempotency key.
			return s.ConnectStatus(ctx, merchantID)
		}
		return nil, fmt.Errorf("payments: save connected account of merchant %d: %w", merchantID, err)
	}
	return a, nil
}

// RefreshConnect reads the merchant's account from Stripe and saves what
// it may do now (the merchant is back from onboarding; webhooks may lag).
// It returns nil when the merchant has no connected account.
func (s *Service) RefreshConnect(ctx context.Context, merchantID int64) (*ConnectAccount, error) {
	if s.stripe == nil {
		return nil, errNoStripe
	}
	a, err := s.ConnectStatus(ctx, merchantID)
	if err != nil || a == nil {
		return a, err
	}
	p := &stripe.AccountParams{Params: params(ctx, "")}
	sa, err := s.stripe.Accounts.GetByID(a.StripeAccountID, p)
	if err != nil {
		return nil, s.providerError(fmt.Sprintf("read connected account of merchant %d", merchantID), err)
	}
	// stripe-mock and Stripe answer with the account asked for; keep the
	// id the mall knows.
	sa.ID = a.StripeAccountID
	if _, err := s.applyAccount(ctx, sa, "refresh-"+strconv.FormatInt(s.now().UnixNano(), 10)); err != nil {
		return nil, err
	}
	return s.ConnectStatus(ctx, merchantID)
}

// applyAccount saves Stripe's view of a connected account. When the
// account has just become able to receive payouts, the merchant's held
// transfers are queued (in the same transaction, so the release cannot be
// lost). cause makes the release job's key unique per change. It returns
// the merchant, or 0 when the account is not one of the mall's.
func (s *Service) applyAccount(ctx context.Context, sa *stripe.Account, cause string) (int64, error) {
	var merchantID int64
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var a ConnectAccount
		err := tx.Where("stripe_account_id = ?", sa.ID).Take(&a).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		merchantID = a.MerchantID
		becameReady := !a.PayoutsEnabled && sa.PayoutsEnabled
		err = tx.Model(&ConnectAccount{}).Scopes(database.InMerchant(a.MerchantID)).Where("id = ?", a.ID).Updates(map[string]any{
			"charges_enabled":   sa.ChargesEnabled,
			"payouts_enabled":   sa.PayoutsEnabled,
			"details_submitted": sa.DetailsSubmitted,
			"updated_at":        s.now(),
		}).Error
		if err != nil {
			return err
		}
		if becameReady && s.queue != nil {
			key := fmt.Sprintf("merchant-%d-%s", a.MerchantID, cause)
			return s.queue.Publish(tx, TopicAccountReady, key, AccountReadyPayload{MerchantID: a.MerchantID})
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("payments: save connected account %s: %w", sa.ID, err)
	}
	return merchantID, nil
}

// providerError logs what Stripe said and returns an error safe to show: the
// payment provider did not do what was asked, so the person may try again
// (EConflict rather than EInternal, so the page says so instead of a bare
// "something went wrong").
func (s *Service) providerError(what string, err error) error {
	s.log.Error("stripe call failed", "what", what, "err", err)
	return &mall.Error{Code: mall.EConflict, Key: "payments.error.provider", Message: "payment provider: " + what, Err: err}
}
