package configs

import (
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Users returns the ACL users declared with the user parameter, one
// "<name> <rules...>" each, as redis.conf's user lines without the "user"
// keyword. In a YAML config file the parameter is a list of such strings:
//
//	user:
//	  - "alice on >secret ~app:* +@read"
//	  - "bob on nopass ~* +@all"
//
// or one string holding a user per line; on the command line and in the
// environment it is one string with a user per line. The file is read
// again for the list, since a list's items are joined with spaces in the
// parameter's value.
func (c *Config) Users() []string {
	v := c.String("user")
	if items := c.fileUserList(); items != nil && strings.Join(items, " ") == v {
		return items
	}
	var out []string
	for _, line := range strings.Split(v, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// fileUserList is the user parameter of the config file if it is a YAML
// list, or nil.
func (c *Config) fileUserList() []string {
	if c.file == "" {
		return nil
	}
	data, err := os.ReadFile(c.file)
	if err != nil {
		return nil
	}
	var doc map[string]any
	if yaml.Unmarshal(data, &doc) != nil {
		return nil
	}
	for k, val := range doc {
		list, ok := val.([]any)
		if !ok || !strings.EqualFold(k, "user") {
			continue
		}
		items := make([]string, 0, len(list))
		for _, it := range list {
			s, err := yamlText(it)
			if err != nil {
				return nil
			}
			items = append(items, s)
		}
		return items
	}
	return nil
}
