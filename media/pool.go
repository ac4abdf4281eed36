package media

import (
	"context"
	"time"

	"github.com/mall-project/mall/mall"
)

// Pool bounds how many images are decoded at once: decoding takes memory
// in proportion to the image, so a burst of uploads waits its turn
// instead of taking the server's memory all together.
type Pool struct {
	slots chan struct{}
	wait  time.Duration
}

// Defaults for a store's pool: two images at once, the others waiting up
// to ten seconds.
const (
	DefaultWorkers = 2
	DefaultWait    = 10 * time.Second
)

// NewPool returns a pool decoding at most workers images at once, where
// an upload waits at most wait for its turn.
func NewPool(workers int, wait time.Duration) *Pool {
	return &Pool{slots: make(chan struct{}, max(workers, 1)), wait: wait}
}

// errBusy is what an upload gets when no turn came in time.
func errBusy() *mall.Error {
	return &mall.Error{Code: mall.EUnavailable, Field: "image", Key: "media.error.busy", Message: "too many images being processed"}
}

// Acquire waits for a turn, at most the pool's wait or until ctx ends,
// and returns the function that gives it back. When no turn came in
// time it returns an EUnavailable error ("try again in a moment").
func (p *Pool) Acquire(ctx context.Context) (release func(), err error) {
	wait, cancel := context.WithTimeout(ctx, p.wait)
	defer cancel()
	select {
	case p.slots <- struct{}{}:
		return func() { <-p.slots }, nil
	case <-wait.Done():
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, errBusy()
	}
}
