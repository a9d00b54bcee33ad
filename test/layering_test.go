// Package test holds the checks that span the whole module; end-to-end
// tests live in its sub-packages.
package test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/tierdb/tierdb"

// allowedImports lists, for each layer, the layers of ours it may import
// (DESIGN.md "Layers", STYLE.md §2). A layer may always import its own
// sub-packages; every package of ours belongs to exactly one layer.
var allowedImports = map[string][]string{
	"cmd/tierdb":       {"configs", "resp"},
	"cmd/tierdb-bench": {"bench"},
	"resp":             {"engine", "configs"},
	"engine":           {"tier", "configs"},
	"tier":             {"persistence", "configs"},
	"persistence":      {"configs"},
	"configs":          {},
	"bench":            {},
	"test":             {"resp", "configs"},
}

// thirdPartyOwners names the only layer that may import each library whose
// use is confined to one layer.
var thirdPartyOwners = map[string]string{
	"github.com/tidwall/redcon":      "resp",
	"github.com/cockroachdb/pebble":  "persistence",
	"github.com/spf13/viper":         "configs",
	"github.com/dgraph-io/ristretto": "tier",
}

// layerOf returns the layer of a package path relative to the module root:
// the longest entry of allowedImports that is the path or a parent of it.
func layerOf(rel string) (string, bool) {
	best := ""
	for layer := range allowedImports {
		if (rel == layer || strings.HasPrefix(rel, layer+"/")) && len(layer) > len(best) {
			best = layer
		}
	}
	return best, best != ""
}

// Ensure that every import edge between our packages follows the layering,
// and that redcon, pebble, viper and ristretto stay inside their layers.
func TestLayering(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "./...")
	cmd.Dir = filepath.Join(filepath.Dir(file), "..")
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	violations := checkLayering(t, string(out))
	sort.Strings(violations)
	for _, v := range violations {
		t.Error(v)
	}
}

// checkLayering returns one message per forbidden edge in go list output.
func checkLayering(t *testing.T, listing string) []string {
	var bad []string
	packages := 0
	for _, line := range strings.Split(strings.TrimSpace(listing), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		pkg := fields[0]
		if pkg != module && !strings.HasPrefix(pkg, module+"/") {
			continue
		}
		packages++
		from := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		fromLayer, ok := layerOf(from)
		if !ok {
			bad = append(bad, "package "+pkg+" belongs to no layer: add it to DESIGN.md and allowedImports")
			continue
		}
		for _, imp := range fields[1:] {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				to := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
				toLayer, ok := layerOf(to)
				if !ok || !edgeAllowed(fromLayer, toLayer) {
					bad = append(bad, pkg+" imports "+imp+": "+fromLayer+" may import only "+
						describe(fromLayer))
				}
				continue
			}
			for lib, owner := range thirdPartyOwners {
				if (imp == lib || strings.HasPrefix(imp, lib+"/")) && fromLayer != owner {
					bad = append(bad, pkg+" imports "+imp+": only "+owner+" may use "+lib)
				}
			}
		}
	}
	if packages == 0 {
		t.Fatalf("go list listed no package of %s", module)
	}
	return bad
}

func edgeAllowed(from, to string) bool {
	if from == to {
		return true
	}
	for _, l := range allowedImports[from] {
		if l == to {
			return true
		}
	}
	return false
}

func describe(layer string) string {
	allowed := append([]string{layer + "/..."}, allowedImports[layer]...)
	return strings.Join(allowed, ", ")
}

// Ensure that the checker itself catches the edges it exists to catch.
func TestLayering_CatchesViolations(t *testing.T) {
	listing := strings.Join([]string{
		module + "/engine " + module + "/persistence fmt",
		module + "/resp " + module + "/engine github.com/tidwall/redcon",
		module + "/tier github.com/cockroachdb/pebble/v2/vfs",
		module + "/test/e2e " + module + "/test/testserver " + module + "/engine",
		module + "/bench " + module + "/configs",
		module + "/newthing fmt",
		module + "/engine/enginetest " + module + "/engine",
		"github.com/other/mod " + module + "/persistence",
	}, "\n")
	got := checkLayering(t, listing)
	wantParts := []string{
		"engine imports " + module + "/persistence",
		"tier imports github.com/cockroachdb/pebble/v2/vfs",
		"test/e2e imports " + module + "/engine",
		"bench imports " + module + "/configs",
		"newthing belongs to no layer",
	}
	if len(got) != len(wantParts) {
		t.Errorf("got %d violations, want %d:\n%s", len(got), len(wantParts), strings.Join(got, "\n"))
	}
	for _, w := range wantParts {
		found := false
		for _, g := range got {
			found = found || strings.Contains(g, w)
		}
		if !found {
			t.Errorf("no violation containing %q in:\n%s", w, strings.Join(got, "\n"))
		}
	}
}
