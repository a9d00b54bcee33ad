package configs

import (
	_ "embed"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// defaultsYAML is tierdb.yaml: the one place defaults live, one entry per
// parameter, each with a comment that Usage shows.
//
//go:embed tierdb.yaml
var defaultsYAML []byte

// DefaultsYAML returns the embedded defaults file, tierdb.yaml, to print or
// to start a config file from.
func DefaultsYAML() []byte {
	return append([]byte(nil), defaultsYAML...)
}

// loadDefaults fills every param's def and doc from the embedded file. The
// file is part of the binary, so a mistake in it panics at start-up (and in
// every test).
func loadDefaults() {
	settings, err := readYAML(defaultsYAML)
	if err != nil {
		panic("configs: embedded tierdb.yaml: " + err.Error())
	}
	seen := make([]bool, len(params))
	for _, s := range settings {
		e := byName[s.key]
		if e == nil || e.name != e.p.name || seen[e.p.index] {
			panic(fmt.Sprintf("configs: embedded tierdb.yaml: unknown or repeated key %q", s.key))
		}
		seen[e.p.index] = true
		v, msg := e.p.parse(value{}, s.val, false)
		if msg != "" {
			panic(fmt.Sprintf("configs: embedded tierdb.yaml: %s: %s", s.key, msg))
		}
		e.p.def = v
	}
	for i, ok := range seen {
		if !ok {
			panic("configs: embedded tierdb.yaml has no entry for " + params[i].name)
		}
	}
	docs, err := yamlComments(defaultsYAML)
	if err != nil {
		panic("configs: embedded tierdb.yaml: " + err.Error())
	}
	for _, p := range params {
		p.doc = docs[p.name]
	}
}

// yamlComments returns the comment above (or beside) each top-level key of a
// YAML mapping, without the '#'. Only the last paragraph above a key counts,
// so that section headings are left out.
func yamlComments(data []byte) (map[string]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	docs := map[string]string{}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return docs, nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		c := k.HeadComment
		if j := strings.LastIndex(c, "\n\n"); j >= 0 {
			c = c[j+2:]
		}
		if c == "" {
			c = k.LineComment + m.Content[i+1].LineComment
		}
		var lines []string
		for _, l := range strings.Split(c, "\n") {
			l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "#"))
			if l != "" {
				lines = append(lines, l)
			}
		}
		docs[k.Value] = strings.Join(lines, " ")
	}
	return docs, nil
}
