package engine

import (
	"errors"
	"log"
	"strings"
)

var errShutdownFailed = errf("Errors trying to SHUTDOWN. Check logs.")

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
//
// cmdShutdown takes a final snapshot when save rules are configured (or SAVE
// says so, and not with NOSAVE), then asks the network layer to stop the
// server. On success it writes no reply: the connection closes, as Redis's
// does. A failed snapshot cancels the shutdown unless FORCE is given. NOW is
// accepted (there are no replicas to wait for); ABORT has no shutdown to
// abort, as shutdowns here never wait.
func cmdShutdown(c *Call) error {
	var nosave, save, now, force, abort bool
	for _, a := range c.Args[1:] {
		switch strings.ToLower(string(a)) {
		case "nosave":
			nosave = true
		case "save":
			save = true
		case "now":
			now = true
		case "force":
			force = true
		case "abort":
			abort = true
		default:
			return ErrSyntax
		}
	}
	if (abort && (nosave || save || now || force)) || (nosave && save) {
		return ErrSyntax
	}
	if abort {
		return errf("No shutdown in progress.")
	}
	h := c.hooks()
	if h == nil {
		log.Printf("SHUTDOWN refused: the session has no server to stop")
		return errShutdownFailed
	}
	if save || (!nosave && len(c.e.cfg.SavePoints()) > 0) {
		if _, err := c.e.saveAfterRunning(); err != nil {
			if !force {
				log.Printf("error trying to save the data set before SHUTDOWN, can't exit: %v", err)
				return errShutdownFailed
			}
			log.Printf("error trying to save the data set before SHUTDOWN, exiting anyway (FORCE): %v", err)
		}
	}
	log.Printf("user requested shutdown...")
	h.RequestShutdown()
	return nil
}

// saveAfterRunning takes a snapshot now, first waiting for one that is
// already running (its data may predate the latest writes).
func (e *Engine) saveAfterRunning() (string, error) {
	for {
		e.waitSnapshot()
		name, err := e.saveNow()
		if !errors.Is(err, errSaveInProgress) {
			return name, err
		}
	}
}
