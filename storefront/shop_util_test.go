package storefront_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func httptestRequest(method, target string) *http.Request {
	return httptest.NewRequest(method, target, nil)
}
