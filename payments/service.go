package payments

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"gorm.io/gorm"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// The payment providers a checkout can use (orders.Provider).
const (
	ProviderStripe  = orders.ProviderStripe
	ProviderOffline = orders.ProviderOffline
)

// Config configures the payment provider.
type Config struct {
	// StripeKey is the platform's secret key; empty selects the offline
	// provider.
	StripeKey string
	// WebhookSecret is the signing secret of the webhook endpoint
	// (whsec_...). Stripe signs the events of connected accounts
	// (account.updated) through a Connect endpoint with a secret of its
	// own; when both endpoints point at the mall, give both secrets
	// separated by a comma.
	WebhookSecret string
	// StripeURL points the client at another API host (stripe-mock in
	// tests); empty means api.stripe.com.
	StripeURL string
	// BaseURL is the mall's public URL, used to make return links absolute.
	BaseURL string
}

// Service is the mall's payment provider.
type Service struct {
	mall.Clock
	db     *gorm.DB
	orders *orders.Store
	mer    *merchants.Store
	queue  *outbox.Queue
	cfg    Config
	log    *slog.Logger
	// stripe is nil with the offline provider.
	stripe *client.API
}

// Outbox subscriber names of the payments package.
const (
	subscriberTransfer      = "payments.transfer"
	subscriberRelease       = "payments.release_held"
	subscriberExpireSession = "payments.expire_session"
	subscriberReversal      = "payments.transfer_reversal"
)

// Topics the payments package publishes (and handles itself).
const (
	// TopicAccountReady: a merchant's connected account can now receive
	// payouts, so its held transfers go out. AccountReadyPayload.
	TopicAccountReady = "payments.account_ready"
	// TopicReversalDue: a refund went through but taking the merchant's
	// share back failed; retried until it succeeds. Its payload is a reversal.
	TopicReversalDue = "payments.reversal_due"
)

// AccountReadyPayload is the payload of TopicAccountReady.
type AccountReadyPayload struct {
	MerchantID int64 `json:"merchant_id"`
}

// New returns the payment service and subscribes its outbox handlers on q
// (call it once per queue, at start-up).
func New(db *gorm.DB, ord *orders.Store, mer *merchants.Store, q *outbox.Queue, cfg Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	s := &Service{db: db, orders: ord, mer: mer, queue: q, cfg: cfg, log: log.With("component", "payments")}
	if cfg.StripeKey != "" {
		// A client of its own instead of stripe.Key and stripe.SetBackend:
		// no package globals, so two services (parallel tests) never share
		// a key or a host.
		apiCfg := &stripe.BackendConfig{LeveledLogger: stripeLogger{s.log}}
		if cfg.StripeURL != "" {
			apiCfg.URL = stripe.String(cfg.StripeURL)
		}
		s.stripe = client.New(cfg.StripeKey, &stripe.Backends{
			API:     stripe.GetBackendWithConfig(stripe.APIBackend, apiCfg),
			Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, &stripe.BackendConfig{}),
			Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, &stripe.BackendConfig{}),
		})
	}
	if s.stripe != nil && cfg.WebhookSecret == "" {
		s.log.Warn("a Stripe key without a webhook secret: card payments will never be confirmed (set STRIPE_WEBHOOK_SECRET)")
	}
	if q != nil {
		q.Declare(TopicAccountReady, TopicReversalDue)
		q.Subscribe(orders.TopicCheckoutPaid, subscriberTransfer, s.transferCheckoutJob)
		q.Subscribe(TopicAccountReady, subscriberRelease, s.releaseHeldJob)
		q.Subscribe(TopicReversalDue, subscriberReversal, s.reversalJob)
		if s.stripe != nil {
			q.Subscribe(orders.TopicCheckoutExpired, subscriberExpireSession, s.expireSessionJob)
		}
	}
	return s
}

// Provider names the provider new checkouts use: ProviderStripe when a
// key is configured, else ProviderOffline.
func (s *Service) Provider() orders.Provider {
	if s == nil || s.stripe == nil {
		return ProviderOffline
	}
	return ProviderStripe
}

func (s *Service) now() time.Time { return s.Clock.Now() }

// absoluteURL makes a path like /checkout/abc absolute on the mall's base
// URL; Stripe only redirects to absolute URLs.
func (s *Service) absoluteURL(u string) string {
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || s.cfg.BaseURL == "" {
		return u
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return s.cfg.BaseURL + u
}

// params returns stripe request params bound to ctx with an idempotency
// key (every create call has one).
func params(ctx context.Context, key string) stripe.Params {
	p := stripe.Params{Context: ctx}
	if key != "" {
		p.SetIdempotencyKey(key)
	}
	return p
}

// stripeLogger sends stripe-go's own messages to the mall's structured log
// instead of stderr. Its errors become warnings: the mall logs each failed
// call itself, at error level, with what it was doing.
type stripeLogger struct{ log *slog.Logger }

func (l stripeLogger) Debugf(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l stripeLogger) Infof(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l stripeLogger) Warnf(format string, v ...any)  { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l stripeLogger) Errorf(format string, v ...any) { l.log.Warn(fmt.Sprintf(format, v...)) }

func idemKey(prefix string, id int64) string { return fmt.Sprintf("%s-%d", prefix, id) }
