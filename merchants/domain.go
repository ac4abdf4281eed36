package merchants

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

var errNoRows = gorm.ErrRecordNotFound

// NormalizeHost is the form in which custom domains are stored and looked
// up: lower case, no trailing dot.
func NormalizeHost(host string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
}

// MerchantByDomain returns the merchant whose verified custom domain is
// host. An unverified domain serves nothing.
func (s *Store) MerchantByDomain(ctx context.Context, host string) (*Merchant, error) {
	host = NormalizeHost(host)
	if host == "" {
		return nil, mall.NotFound("merchant")
	}
	var m Merchant
	err := s.conn(ctx).Where("custom_domain = ? AND domain_verified_at IS NOT NULL", host).First(&m).Error
	if err != nil {
		return nil, database.NotFound(err, "merchant")
	}
	return &m, nil
}

// DomainRecord returns the DNS TXT record's name and value that prove m
// controls its custom domain.
func (m *Merchant) DomainRecord() (name, value string) {
	return "_mall." + m.CustomDomain, "mall-verify=" + m.DomainToken
}

// SetCustomDomain sets (or, with "", removes) merchantID's own domain. A new
// domain gets a new verification token and serves nothing until
// VerifyDomain finds the token in its DNS.
func (s *Store) SetCustomDomain(ctx context.Context, merchantID int64, host string) (*Merchant, error) {
	host = NormalizeHost(host)
	token := ""
	if host != "" {
		if !mall.ValidHost(host) {
			return nil, mall.FieldErrors{"domain": mall.Invalid("domain", "merchants.error.domain_invalid")}.Err()
		}
		token = mall.RandomHex(16)
	}
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var m Merchant
		if err := tx.First(&m, "id = ?", merchantID).Error; err != nil {
			return database.NotFound(err, "merchant")
		}
		if m.CustomDomain == host && !m.claimExpired(s.Now()) {
			return nil // unchanged: keep the token and the verification
		}
		// Only a verified domain is taken: an unverified claim proves
		// nothing, so it keeps no one (the real owner) from claiming the
		// host and proving it.
		if host != "" {
			var n int64
			if err := tx.Model(&Merchant{}).Where("custom_domain = ? AND id <> ? AND domain_verified_at IS NOT NULL", host, merchantID).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return mall.FieldErrors{"domain": mall.Invalid("domain", "merchants.error.domain_taken")}.Err()
			}
		}
		now := s.Now()
		var claimed *time.Time
		if host != "" {
			claimed = &now
		}
		return tx.Model(&Merchant{}).Where("id = ?", merchantID).Updates(map[string]any{
			"custom_domain": host, "domain_token": token, "domain_verified_at": nil, "domain_claimed_at": claimed, "updated_at": now,
		}).Error
	})
	if database.IsUniqueViolation(err) {
		return nil, mall.FieldErrors{"domain": mall.Invalid("domain", "merchants.error.domain_taken")}.Err()
	}
	if err != nil {
		if mall.ErrorCode(err) != mall.EInternal {
			return nil, err
		}
		return nil, fmt.Errorf("merchants: set domain of %d: %w", merchantID, err)
	}
	s.changed(merchantID)
	return s.MerchantByID(ctx, merchantID)
}

// DomainClaimTTL is how long a claim on a custom domain may wait for its
// DNS record: after it, the claim must be made again (with a new token).
const DomainClaimTTL = 7 * 24 * time.Hour

// claimExpired reports whether m's custom domain is an unverified claim
// older than DomainClaimTTL.
func (m *Merchant) claimExpired(now time.Time) bool {
	return m.CustomDomain != "" && m.DomainVerifiedAt == nil && m.DomainClaimedAt != nil && now.Sub(*m.DomainClaimedAt) > DomainClaimTTL
}

// VerifyDomain looks up the TXT records of _mall.<domain> with lookupTXT
// (net.DefaultResolver.LookupTXT in production, a fake in tests) and marks
// the domain verified when one of them is mall-verify=<token>.
func (s *Store) VerifyDomain(ctx context.Context, merchantID int64, lookupTXT func(ctx context.Context, host string) ([]string, error)) (*Merchant, error) {
	m, err := s.MerchantByID(ctx, merchantID)
	if err != nil {
		return nil, err
	}
	if m.CustomDomain == "" || m.DomainToken == "" {
		return nil, mall.FieldErrors{"domain": mall.Invalid("domain", "merchants.error.domain_none")}.Err()
	}
	if m.DomainVerifiedAt != nil {
		return m, nil
	}
	now := s.Now()
	if m.claimExpired(now) {
		return nil, &mall.Error{Code: mall.EInvalid, Field: "domain", Key: "edge.domain.claim_expired",
			Args: map[string]any{"Days": int(DomainClaimTTL / (24 * time.Hour))}}
	}
	name, want := m.DomainRecord()
	records, lookupErr := lookupTXT(ctx, name)
	found := false
	for _, r := range records {
		if strings.TrimSpace(strings.Trim(r, `"`)) == want {
			found = true
			break
		}
	}
	if !found {
		return nil, &mall.Error{Code: mall.EInvalid, Field: "domain", Key: "merchants.error.domain_unverified",
			Args: map[string]any{"Name": name, "Value": want}, Err: lookupErr}
	}
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		// Conditional on the same domain and token: a domain changed
		// meanwhile is not verified by the old one's record.
		res := tx.Model(&Merchant{}).
			Where("id = ? AND custom_domain = ? AND domain_token = ?", merchantID, m.CustomDomain, m.DomainToken).
			Updates(map[string]any{"domain_verified_at": now, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errStatusConflict
		}
		// Other shops' unverified claims on the host can never be proved
		// now: they end.
		return tx.Model(&Merchant{}).
			Where("custom_domain = ? AND id <> ? AND domain_verified_at IS NULL", m.CustomDomain, merchantID).
			Updates(map[string]any{"custom_domain": "", "domain_token": "", "domain_claimed_at": nil, "updated_at": now}).Error
	})
	if database.IsUniqueViolation(err) {
		return nil, mall.FieldErrors{"domain": mall.Invalid("domain", "merchants.error.domain_taken")}.Err()
	}
	if err == errStatusConflict {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("merchants: verify domain of %d: %w", merchantID, err)
	}
	s.changed(merchantID)
	return s.MerchantByID(ctx, merchantID)
}
