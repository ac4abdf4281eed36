package reviews

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"

	"github.com/mall-project/mall/mall"
)

// Leaf actions: what happened to a review.
const (
	ActionPublished  = "published"
	ActionEdited     = "edited"
	ActionUnverified = "deverified"
	ActionRemoved    = "removed"
	ActionRestored   = "restored"
)

// Leaf is one entry of the review log. It names no person: the order line
// is behind a salted commitment and the text behind its hash.
type Leaf struct {
	Review   int64 `json:"review"`
	Version  int   `json:"version"`
	Merchant int64 `json:"merchant"`
	Product  int64 `json:"product"`
	Rating   int   `json:"rating"`
	Verified bool  `json:"verified"`
	// Content is the hex SHA-256 of the review's title, text, incentive
	// flag and photos' content keys (ContentHash).
	Content string `json:"content"`
	// Line is the hex SHA-256 commitment to the order line
	// (LineCommitment).
	Line   string `json:"line"`
	Time   string `json:"time"`
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
}

// ContentHash is the hex SHA-256 of what a reviewer wrote, as a leaf
// carries it: the title, the text, the incentive flag and, when the
// version has photos, their media keys in order (each names the photo by
// the hash of its bytes). A version without photos hashes as reviews did
// before they could carry any, so the leaves written then still verify.
func ContentHash(title, body string, incentivized bool, photos ...string) string {
	flag := "0"
	if incentivized {
		flag = "1"
	}
	text := "mall-review-content\x00" + title + "\x00" + body + "\x00" + flag
	if len(photos) > 0 {
		text += "\x00photos"
		for _, k := range photos {
			text += "\x00" + k
		}
	}
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// LineCommitment commits to an order line with a secret salt: with the
// salt the buyer (or the mall) can show which line a leaf is about;
// without it, nobody can.
func LineCommitment(salt string, lineID int64) string {
	sum := sha256.Sum256([]byte("mall-review-line\x00" + salt + "\x00" + strconv.FormatInt(lineID, 10)))
	return hex.EncodeToString(sum[:])
}

func newSalt() string { return mall.RandomHex(32) }

func leafOf(r *Review, photos []string, action, reason string, at time.Time) Leaf {
	return Leaf{
		Review: r.ID, Version: r.Version, Merchant: r.MerchantID, Product: r.ProductID, Rating: r.Rating,
		Verified: r.Verified, Content: ContentHash(r.Title, r.Body, r.Incentivized, photos...),
		Line: LineCommitment(r.LineSalt, r.OrderLineID), Time: at.UTC().Format(time.RFC3339),
		Action: action, Reason: reason,
	}
}

// logLeafRow is a row of review_log_leaves.
type logLeafRow struct {
	Idx       int64
	ReviewID  int64
	Data      string
	CreatedAt time.Time
}

func (logLeafRow) TableName() string { return "review_log_leaves" }

type logHashRow struct {
	Idx  int64
	Hash string
}

func (logHashRow) TableName() string { return "review_log_hashes" }

// dbHashes reads the tree's stored hashes from review_log_hashes.
type dbHashes struct{ db *gorm.DB }

func (r dbHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	var rows []logHashRow
	for start := 0; start < len(indexes); start += 500 {
		end := min(start+500, len(indexes))
		var part []logHashRow
		if err := r.db.Where("idx IN ?", indexes[start:end]).Find(&part).Error; err != nil {
			return nil, fmt.Errorf("reviews: read log hashes: %w", err)
		}
		rows = append(rows, part...)
	}
	by := make(map[int64]string, len(rows))
	for _, row := range rows {
		by[row.Idx] = row.Hash
	}
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		s, ok := by[idx]
		if !ok {
			return nil, fmt.Errorf("reviews: log hash %d is missing", idx)
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("reviews: log hash %d is damaged", idx)
		}
		copy(out[i][:], b)
	}
	return out, nil
}

// appendLeaf adds leaf to the log inside tx and returns its index. Taking
// the size row first serialises appends on both engines: the leaf, its
// hashes and the new size commit (or roll back) with the change they
// record.
func appendLeaf(tx *gorm.DB, leaf Leaf, at time.Time) (int64, error) {
	var size int64
	if err := tx.Raw(`UPDATE review_log_state SET size = size + 1 WHERE id = 1 RETURNING size`).Scan(&size).Error; err != nil {
		return 0, fmt.Errorf("reviews: grow the log: %w", err)
	}
	if size < 1 {
		return 0, errors.New("reviews: the review log has no state row")
	}
	index := size - 1
	data, err := json.Marshal(leaf)
	if err != nil {
		return 0, err
	}
	hashes, err := tlog.StoredHashes(index, data, dbHashes{tx})
	if err != nil {
		return 0, fmt.Errorf("reviews: hash leaf %d: %w", index, err)
	}
	if err := tx.Create(&logLeafRow{Idx: index, ReviewID: leaf.Review, Data: string(data), CreatedAt: at}).Error; err != nil {
		return 0, fmt.Errorf("reviews: store leaf %d: %w", index, err)
	}
	first := tlog.StoredHashIndex(0, index)
	rows := make([]logHashRow, len(hashes))
	for i, h := range hashes {
		rows[i] = logHashRow{Idx: first + int64(i), Hash: hex.EncodeToString(h[:])}
	}
	if err := tx.Create(&rows).Error; err != nil {
		return 0, fmt.Errorf("reviews: store hashes of leaf %d: %w", index, err)
	}
	return index, nil
}

// LogKey signs the review log's checkpoints.
type LogKey struct {
	signer   note.Signer
	verifier string
}

// ParseLogKey reads a note signing key ("PRIVATE+KEY+name+hash+key", as
// note.GenerateKey writes and MALL_REVIEW_LOG_KEY holds).
func ParseLogKey(skey string) (*LogKey, error) {
	skey = strings.TrimSpace(skey)
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("reviews: review log key: %w", err)
	}
	// The verifier key is the signer key's public half.
	parts := strings.SplitN(skey, "+", 5)
	if len(parts) != 5 {
		return nil, errors.New("reviews: review log key is malformed")
	}
	priv, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(priv) != 33 {
		return nil, errors.New("reviews: review log key is malformed")
	}
	vkey, err := ed25519VerifierKey(s.Name(), priv[1:])
	if err != nil {
		return nil, err
	}
	return &LogKey{signer: s, verifier: vkey}, nil
}

// GenerateLogKey makes a new signing key for a log named origin (a host
// and path, "mall.example/reviews").
func GenerateLogKey(origin string) (string, error) {
	skey, _, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return "", fmt.Errorf("reviews: generate review log key: %w", err)
	}
	return skey, nil
}

// LogKeyFile is the file in the data directory that keeps the generated
// key.
const LogKeyFile = "review-log.key"

// LoadLogKey returns the key in env (MALL_REVIEW_LOG_KEY's value) when
// set, or the one kept in dataDir, generating it there (once) for origin.
func LoadLogKey(env, dataDir, origin string) (*LogKey, error) {
	if strings.TrimSpace(env) != "" {
		return ParseLogKey(env)
	}
	path := filepath.Join(dataDir, LogKeyFile)
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		skey, err := GenerateLogKey(origin)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(dataDir, 0o755); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return LoadLogKey("", dataDir, origin)
		}
		if err != nil {
			return nil, fmt.Errorf("reviews: keep review log key: %w", err)
		}
		if _, err := f.WriteString(skey + "\n"); err != nil {
			f.Close()
			return nil, fmt.Errorf("reviews: keep review log key: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		return ParseLogKey(skey)
	}
	if err != nil {
		return nil, fmt.Errorf("reviews: read review log key: %w", err)
	}
	return ParseLogKey(string(raw))
}

// Origin is the log's name, the first line of its checkpoints.
func (k *LogKey) Origin() string { return k.signer.Name() }

// VerifierKey is the public key anyone checks the checkpoints with.
func (k *LogKey) VerifierKey() string { return k.verifier }

// FormatCheckpoint is a checkpoint's body in the C2SP shape: origin, size
// and the base64 root hash, one per line.
func FormatCheckpoint(origin string, size int64, root tlog.Hash) string {
	return origin + "\n" + strconv.FormatInt(size, 10) + "\n" + base64.StdEncoding.EncodeToString(root[:]) + "\n"
}

// Checkpoint is a log's signed size and root.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   tlog.Hash
}

// ParseCheckpoint reads a checkpoint body (see FormatCheckpoint).
func ParseCheckpoint(text string) (*Checkpoint, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 3 {
		return nil, errors.New("checkpoint has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("checkpoint size %q is not a number", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return nil, fmt.Errorf("checkpoint root %q is not a hash", lines[2])
	}
	c := &Checkpoint{Origin: lines[0], Size: size}
	copy(c.Root[:], raw)
	return c, nil
}

// LogEntry is one leaf as the log serves it: its index, its bytes and the
// record hash the tree holds for it.
type LogEntry struct {
	Index int64     `json:"index"`
	Data  string    `json:"data"`
	Hash  tlog.Hash `json:"hash"`
}

// ReviewState is what a review shows now, for checking it against its
// last leaf.
type ReviewState struct {
	Review   int64  `json:"review"`
	Version  int    `json:"version"`
	Rating   int    `json:"rating"`
	Verified bool   `json:"verified"`
	Content  string `json:"content"`
	Leaf     int64  `json:"leaf"`
}

// Receipt is what a shopper needs to check one review offline: its leaf,
// the leaf's inclusion proof and the signed checkpoint it is proved
// against.
type Receipt struct {
	Index      int64            `json:"index"`
	Data       string           `json:"data"`
	Hash       tlog.Hash        `json:"hash"`
	Size       int64            `json:"size"`
	Proof      tlog.RecordProof `json:"proof"`
	Checkpoint string           `json:"checkpoint"`
	Key        string           `json:"verifier_key"`
}
