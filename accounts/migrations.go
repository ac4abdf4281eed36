package accounts

import "github.com/mall-project/mall/database"

// Migrations returns the accounts package's numbered migrations.
func Migrations() []database.Migration {
	return nil
}
