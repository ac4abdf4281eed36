package mall

// RatingTenths is an average rating of sum stars over count ratings in
// tenths of a star, rounded half up (43 for 4.3); 0 when nothing is rated.
// Reviews' aggregates and the catalog's product cards both show it, so
// that a card and its product page never differ.
func RatingTenths(sum, count int64) int64 {
	if count <= 0 {
		return 0
	}
	return (sum*20 + count) / (2 * count)
}
