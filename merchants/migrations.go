package merchants

import "github.com/mall-project/mall/database"

// Migrations returns the merchants package's numbered migrations.
func Migrations() []database.Migration {
	return nil
}
