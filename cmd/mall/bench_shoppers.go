package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// runBenchShoppers places checkouts on a running mall at a steady rate,
// as shoppers would through its pages: open a product page, add it to the
// cart, open the checkout and place it (offline payment). It is the sale
// `make bench` measures the page cache through. Only loopback addresses
// are accepted, and it stops after --duration or --max checkouts.
func runBenchShoppers(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench-shoppers", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:18080", "the mall (loopback only)")
	pathsFile := fs.String("products", "", "file of product page paths, one a line (required)")
	rate := fs.Float64("rate", 20, "checkouts started per second")
	duration := fs.Duration("duration", 10*time.Second, "how long to run")
	maxN := fs.Int("max", 2000, "most checkouts to start")
	if err := fs.Parse(args); err != nil {
		return err
	}
	u, err := url.Parse(*base)
	if err != nil || u.Scheme != "http" {
		return fmt.Errorf("bench-shoppers: --url must be http://127.0.0.1:PORT, got %q", *base)
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("bench-shoppers: --url must be a loopback address, got %q", *base)
	}
	if *rate <= 0 || *rate > 200 || *duration <= 0 || *duration > 10*time.Minute || *maxN <= 0 {
		return errors.New("bench-shoppers: --rate must be in (0, 200], --duration in (0, 10m], --max above 0")
	}
	paths, err := readPaths(*pathsFile)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	var placed, short, failed atomic.Int64
	var errMu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	// At most 16 checkouts in flight: a slow mall slows the sale down
	// instead of piling connections up.
	slots := make(chan struct{}, 16)
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	defer tick.Stop()
	start := time.Now()
	started := 0
loop:
	for started < *maxN {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
		}
		select {
		case slots <- struct{}{}:
		default:
			continue // the mall is behind: skip this tick
		}
		started++
		path := paths[rand.IntN(len(paths))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			switch err := checkoutOnce(ctx, *base, path); {
			case err == nil:
				placed.Add(1)
			case errors.Is(err, errSoldOut):
				short.Add(1)
			case ctx.Err() != nil:
			default:
				failed.Add(1)
				errMu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				errMu.Unlock()
			}
		}()
	}
	wg.Wait()
	took := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "checkouts: %d placed (%.1f/s), %d sold out, %d failed in %.1fs\n",
		placed.Load(), float64(placed.Load())/took, short.Load(), failed.Load(), took)
	if firstErr != nil {
		fmt.Fprintf(stdout, "first failure: %v\n", firstErr)
	}
	return nil
}

func readPaths(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("bench-shoppers: --products: %w", err)
	}
	defer f.Close()
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); strings.HasPrefix(p, "/") {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("bench-shoppers: no paths in %s", name)
	}
	return paths, sc.Err()
}

var errSoldOut = errors.New("sold out")

// checkoutOnce is one new shopper buying one unit of the product at path.
// Each shopper comes from an address of its own in 198.18.0.0/15 (the
// range set aside for benchmarks), sent as X-Forwarded-For: run the mall
// with MALL_TRUSTED_PROXIES=127.0.0.1, or its per-address limits (cart
// adds) see one shopper buying far too fast.
func checkoutOnce(ctx context.Context, base, path string) error {
	jar, _ := cookiejar.New(nil)
	addr := fmt.Sprintf("198.%d.%d.%d", 18+rand.IntN(2), rand.IntN(256), 1+rand.IntN(254))
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		Transport:     forwardedFor{addr: addr, next: http.DefaultTransport},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page, err := fetch(ctx, client, base+path)
	if err != nil {
		return err
	}
	add := page.Find(`form[data-testid="add-to-cart"]`)
	if add.Length() == 0 {
		return errSoldOut
	}
	form := hiddenFields(add)
	chooseOptions(add, form)
	form.Set("quantity", "1")
	if err := post(ctx, client, base+"/cart/add", form); err != nil {
		return fmt.Errorf("add %s to the cart: %w", path, err)
	}
	page, err = fetch(ctx, client, base+"/checkout")
	if err != nil {
		return err
	}
	co := page.Find(`form[data-testid="checkout-form"]`)
	if co.Length() == 0 {
		return errSoldOut
	}
	form = hiddenFields(co)
	chooseOptions(co, form)
	for k, v := range map[string]string{
		// A shopper of its own: the mall holds back a shopper's fourth
		// unpaid offline order.
		"email": fmt.Sprintf("shopper-%d@bench.test", rand.Int64()), "ship_name": "Bench Shopper", "ship_line1": "1 Load Street",
		"ship_city": "Springfield", "ship_region": "IL", "ship_postal_code": "62701", "ship_country": "US",
		"action": "place",
	} {
		form.Set(k, v)
	}
	if err := post(ctx, client, base+"/checkout", form); err != nil {
		return fmt.Errorf("place the checkout of %s: %w", path, err)
	}
	return nil
}

// chooseOptions puts in form the choices a shopper makes in the variant
// picker: the checked (or else the first) radio button of each group and
// the selected (or else the first) option of each list.
func chooseOptions(sel *goquery.Selection, form url.Values) {
	sel.Find(`input[type="radio"]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		if _, checked := in.Attr("checked"); checked || form.Get(name) == "" {
			form.Set(name, value)
		}
	})
	sel.Find("select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		opt := s.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = s.Find("option").First()
		}
		if value, ok := opt.Attr("value"); ok {
			form.Set(name, value)
		}
	})
}

// forwardedFor sends every request as from addr, through a trusted proxy.
type forwardedFor struct {
	addr string
	next http.RoundTripper
}

func (f forwardedFor) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("X-Forwarded-For", f.addr)
	return f.next.RoundTrip(req)
}

func hiddenFields(form *goquery.Selection) url.Values {
	out := url.Values{}
	form.Find(`input[type="hidden"]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		out.Set(name, value)
	})
	return out
}

func fetch(ctx context.Context, client *http.Client, target string) (*goquery.Document, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d", target, resp.StatusCode)
	}
	return goquery.NewDocumentFromReader(resp.Body)
}

// post sends form and wants the 303 a successful form answers with.
func post(ctx context.Context, client *http.Client, target string, form url.Values) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusConflict {
		return errSoldOut
	}
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST %s: %d", target, resp.StatusCode)
	}
	return nil
}
