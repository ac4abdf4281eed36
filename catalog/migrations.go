package catalog

import "github.com/mall-project/mall/database"

// Migrations returns the catalog package's numbered migrations.
func Migrations() []database.Migration {
	return nil
}
