// Package catalog owns what merchants sell: products, variants and their
// stock, images, categories and tags, and search across the mall or within
// one merchant.
package catalog
