package merchants

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/mall"
)

// DefaultUnpaidDays is how many days an unpaid offline order holds its
// stock when the shop has not said otherwise.
const DefaultUnpaidDays = 7

// MaxUnpaidDays bounds how long a shop may let an unpaid order hold stock.
const MaxUnpaidDays = 30

// PaymentInstructions is how a shop is paid when the mall takes no card
// payment: the bank transfer details, whether it takes cash on delivery,
// anything else the shopper must know, and how many days an unpaid order
// waits before it is cancelled and its stock goes back.
type PaymentInstructions struct {
	MerchantID   int64 `gorm:"primaryKey;autoIncrement:false"`
	BankTransfer bool
	BankPayee    string
	BankName     string
	// BankAccount is an IBAN (stored without spaces, checked) or a
	// domestic account number.
	BankAccount string
	// BankOther is the rest a transfer needs: BIC/SWIFT, sort code,
	// routing number, branch.
	BankOther      string
	CashOnDelivery bool
	Other          string
	UnpaidDays     int
	UpdatedAt      time.Time
}

// TableName is the payment_instructions table.
func (PaymentInstructions) TableName() string { return "payment_instructions" }

// Set reports whether the shop has told shoppers any way to pay it.
func (p *PaymentInstructions) Set() bool {
	return p.BankTransfer || p.CashOnDelivery || p.Other != ""
}

// IsIBAN reports whether BankAccount is an IBAN (rather than a domestic
// account number).
func (p *PaymentInstructions) IsIBAN() bool { return looksLikeIBAN(p.BankAccount) }

// BankAccountDisplay is the account as people read it: an IBAN in groups
// of four.
func (p *PaymentInstructions) BankAccountDisplay() string {
	if !p.IsIBAN() {
		return p.BankAccount
	}
	var b strings.Builder
	for i, r := range p.BankAccount {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// UnpaidWindow is how long an unpaid order of the shop holds its stock.
func (p *PaymentInstructions) UnpaidWindow() time.Duration {
	return time.Duration(p.UnpaidDays) * 24 * time.Hour
}

func defaultInstructions(merchantID int64) *PaymentInstructions {
	return &PaymentInstructions{MerchantID: merchantID, UnpaidDays: DefaultUnpaidDays}
}

// PaymentInstructionsOf returns the shop's payment instructions; a shop
// that never saved any gets none, with the default window.
func (s *Store) PaymentInstructionsOf(ctx context.Context, merchantID int64) (*PaymentInstructions, error) {
	all, err := PaymentInstructionsOfShops(s.conn(ctx), []int64{merchantID})
	if err != nil {
		return nil, err
	}
	return all[merchantID], nil
}

// PaymentInstructionsOfShops reads the instructions of several shops in
// db (a transaction of the caller's, at checkout), one per id asked for.
func PaymentInstructionsOfShops(db *gorm.DB, merchantIDs []int64) (map[int64]*PaymentInstructions, error) {
	out := make(map[int64]*PaymentInstructions, len(merchantIDs))
	if len(merchantIDs) == 0 {
		return out, nil
	}
	var rows []PaymentInstructions
	if err := db.Where("merchant_id IN ?", merchantIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("merchants: payment instructions: %w", err)
	}
	for i := range rows {
		out[rows[i].MerchantID] = &rows[i]
	}
	for _, id := range merchantIDs {
		if out[id] == nil {
			out[id] = defaultInstructions(id)
		}
	}
	return out, nil
}

// Limits of the payment instructions' fields, in characters.
const (
	maxPayee        = 120
	maxBankName     = 120
	maxAccount      = 34
	maxBankOther    = 500
	maxOtherPayment = 1000
)

// SavePaymentInstructions checks and stores the shop's instructions. Bank
// transfer needs a payee and an account; an IBAN must pass its check
// digits. Every bad field is reported at once and nothing is saved.
func (s *Store) SavePaymentInstructions(ctx context.Context, merchantID int64, in PaymentInstructions) (*PaymentInstructions, error) {
	in.MerchantID = merchantID
	in.BankPayee = strings.Join(strings.Fields(in.BankPayee), " ")
	in.BankName = strings.Join(strings.Fields(in.BankName), " ")
	in.BankAccount = strings.ToUpper(strings.Join(strings.Fields(in.BankAccount), ""))
	in.BankOther = strings.TrimSpace(in.BankOther)
	in.Other = strings.TrimSpace(in.Other)
	errs := mall.FieldErrors{}
	tooLong := func(field, v string, limit int) {
		if utf8.RuneCountInString(v) > limit {
			errs.Add(field, "merchants.error.too_long")
		}
	}
	tooLong("bank_payee", in.BankPayee, maxPayee)
	tooLong("bank_name", in.BankName, maxBankName)
	tooLong("bank_other", in.BankOther, maxBankOther)
	tooLong("other", in.Other, maxOtherPayment)
	if in.BankTransfer {
		if in.BankPayee == "" {
			errs.Add("bank_payee", "merchants.error.payee_required")
		}
		if in.BankAccount == "" {
			errs.Add("bank_account", "merchants.error.account_required")
		}
	}
	if in.BankAccount != "" {
		switch {
		case looksLikeIBAN(in.BankAccount):
			if !validIBAN(in.BankAccount) {
				errs.Add("bank_account", "merchants.error.iban_invalid")
			}
		case !validAccountNumber(in.BankAccount):
			errs.Add("bank_account", "merchants.error.account_invalid")
		}
	}
	if in.UnpaidDays < 1 || in.UnpaidDays > MaxUnpaidDays {
		errs.Add("unpaid_days", "merchants.error.unpaid_days")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	in.UpdatedAt = s.Now()
	err := s.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "merchant_id"}}, UpdateAll: true}).
		Create(&in).Error
	if err != nil {
		return nil, fmt.Errorf("merchants: save payment instructions of %d: %w", merchantID, err)
	}
	return s.PaymentInstructionsOf(ctx, merchantID)
}

// looksLikeIBAN: two letters (the country) then two digits (the check).
func looksLikeIBAN(s string) bool {
	return len(s) >= 4 && isUpper(s[0]) && isUpper(s[1]) && isDigit(s[2]) && isDigit(s[3])
}

// validIBAN checks an IBAN's length and its ISO 13616 check digits (mod 97).
func validIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	rearranged := s[4:] + s[:4]
	rem := 0
	for i := 0; i < len(rearranged); i++ {
		c := rearranged[i]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpper(c):
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// validAccountNumber accepts a domestic account number: digits, letters
// and hyphens, at least one digit.
func validAccountNumber(s string) bool {
	if len(s) > maxAccount {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
		case isUpper(c) || c == '-':
		default:
			return false
		}
	}
	return digits > 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
