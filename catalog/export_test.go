package catalog

// MigrateSearchCJKChars is migration 0308, for the test that runs it over
// an index written before it.
var MigrateSearchCJKChars = migrateSearchCJKChars
