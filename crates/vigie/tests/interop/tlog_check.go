// Interop check: an independent verifier (Go's golang.org/x/mod/sumdb,
// Debian package golang-golang-x-mod-dev) checks a running Vigie's signed
// checkpoint, its C2SP tiles (Go's sumdb paths carry the tile height,
// `tile/8/L/N`; C2SP's do not, `tile/L/N`), inclusion and consistency
// proofs. Run by `interop::go_sumdb_verifies_the_trail` (opt-in).
package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base = os.Args[1]

func get(path string) []byte {
	resp, err := http.Get(base + path)
	if err != nil || resp.StatusCode != 200 {
		panic(fmt.Sprintf("GET %s: %v %v", path, err, resp))
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}

type tiles struct{}

func (tiles) Height() int { return 8 }
func (tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := [][]byte{}
	for _, t := range ts {
		p := t.Path() // tile/8/L/N[.p/W] in the Go sumdb layout
		p = strings.Replace(p, "tile/8/", "tile/", 1)
		out = append(out, get("/log/"+p))
	}
	return out, nil
}
func (tiles) SaveTiles([]tlog.Tile, [][]byte) {}

func main() {
	vkey := strings.TrimSpace(string(get("/log/key")))
	v, err := note.NewVerifier(vkey)
	if err != nil {
		panic(err)
	}
	msg := get("/log/checkpoint")
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		panic(err)
	}
	lines := strings.Split(n.Text, "\n")
	size, _ := strconv.ParseInt(lines[1], 10, 64)
	rootBytes, _ := base64.StdEncoding.DecodeString(lines[2])
	var root tlog.Hash
	copy(root[:], rootBytes)
	r := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, tiles{})
	th, err := tlog.TreeHash(size, r)
	if err != nil || th != root {
		panic(fmt.Sprintf("tree hash from tiles: %v %v", err, th))
	}
	for _, idx := range []int64{0, size / 3, size - 1} {
		p, err := tlog.ProveRecord(size, idx, r)
		if err != nil {
			panic(err)
		}
		hashes, _ := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, tiles{}).ReadHashes([]int64{tlog.StoredHashIndex(0, idx)})
		if err := tlog.CheckRecord(p, size, root, idx, hashes[0]); err != nil {
			panic(err)
		}
	}
	old := size / 2
	oldHash, err := tlog.TreeHash(old, r)
	if err != nil {
		panic(err)
	}
	tp, err := tlog.ProveTree(size, old, r)
	if err != nil {
		panic(err)
	}
	if err := tlog.CheckTree(tp, size, root, old, oldHash); err != nil {
		panic(err)
	}
	fmt.Printf("Go x/mod/sumdb verified: signature by %s, %d entries, root from tiles, 3 inclusion proofs, consistency %d->%d\n", v.Name(), size, old, size)
}
