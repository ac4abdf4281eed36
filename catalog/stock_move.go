package catalog

// StockMove is one variant's stock moved by a sale, a release or a return,
// as the writer saw it in its transaction: Before and After are the units
// left either side of the move.
type StockMove struct {
	MerchantID int64
	ProductID  int64
	VariantID  int64
	Before     int
	After      int
}

// OnStockMove registers fn to be called, after the commit, with the stock
// moves of a write the Store did not run (checkout, expiry, cancellation).
// Page caches use it to drop only the pages whose stock state a sale
// changed. fn must be quick and must not call back into the Store's writes.
func (s *Store) OnStockMove(fn func([]StockMove)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onStock = append(s.onStock, fn)
}

// NotifyStockMoved tells the OnStockMove listeners of moves committed by a
// transaction the Store did not run.
func (s *Store) NotifyStockMoved(moves []StockMove) {
	if len(moves) == 0 {
		return
	}
	s.mu.RLock()
	fns := s.onStock
	s.mu.RUnlock()
	for _, fn := range fns {
		fn(moves)
	}
}
