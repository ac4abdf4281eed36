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
	var firstErr atomic.Value
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
				firstErr.CompareAndSwap(nil, err)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "checkouts: %d placed (%.1f/s), %d sold out, %d failed in %.1fs\n",
		placed.Load(), float64(placed.Load())/took, short.Load(), failed.Load(), took)
	if err, ok := firstErr.Load().(error); ok {
		fmt.Fprintf(stdout, "first failure: %v\n", err)
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
func checkoutOnce(ctx context.Context, base, path string) error {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
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
	co.Find(`input[type="radio"][checked]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		form.Set(name, value)
	})
	for k, v := range map[string]string{
		"email": "shopper@bench.test", "ship_name": "Bench Shopper", "ship_line1": "1 Load Street",
		"ship_city": "Testville", "ship_postal_code": "12345", "ship_country": "us", "ship_phone": "+1 555 0100",
		"action": "place",
	} {
		form.Set(k, v)
	}
	if err := post(ctx, client, base+"/checkout", form); err != nil {
		return fmt.Errorf("place the checkout of %s: %w", path, err)
	}
	return nil
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
