package resp

import (
	"errors"
)

// openACL sets up the users when the server opens: the default user gets
// requirepass (and follows CONFIG SET requirepass), then come the users
// declared in the configuration or, if aclfile is set, those of the file. As
// in Redis, declaring users both ways is an error, and so is any bad rule.
func (s *Server) openACL() error {
	s.acl = newACLState(newCmdIndex(s.eng.Table()))
	s.acl.setRequirepass(s.cfg.String("requirepass"))
	s.cfg.OnChange("requirepass", func() error {
		s.acl.setRequirepass(s.cfg.String("requirepass"))
		return nil
	})
	declared := s.cfg.Users()
	path := s.cfg.String("aclfile")
	if path != "" && len(declared) > 0 {
		return errors.New("users are declared in the configuration (user) and an ACL file is set (aclfile): " +
			"declare users in one place only")
	}
	if len(declared) > 0 {
		loaded, err := s.acl.parseConfigUsers(declared)
		if err != nil {
			return err
		}
		s.acl.mergeUsers(loaded)
	}
	if path != "" {
		loaded, err := s.acl.parseACLFile(path)
		if err != nil {
			return errors.New("ACL file: " + err.Error())
		}
		s.acl.replaceUsers(loaded)
	}
	return nil
}

// killClientsOf disconnects the clients of users (deleted or replaced). The
// calling client, if it is one of them, is closed after its reply.
func (s *Server) killClientsOf(users []*aclUser, self *client) {
	if len(users) == 0 {
		return
	}
	set := make(map[*aclUser]bool, len(users))
	for _, u := range users {
		set[u] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.clients {
		if !set[c.user.Load()] {
			continue
		}
		if c == self {
			c.closeAfterReply = true
		} else {
			c.kill()
		}
	}
}
