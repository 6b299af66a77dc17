package session

import "encoding/gob"

// Message is a flash message: a category such as "success", "info" or
// "error", for styling, and the text.
type Message struct {
	Category string
	Text     string
}

// flashKey holds the pending messages in the session.
const flashKey = "_pylon_flash"

func init() { gob.Register([]Message(nil)) }

// Flash adds a message to show on the next page the user sees, typically
// after a redirect:
//
//	session.Flash(c, "success", "Saved")
//	return c.Redirect(http.StatusSeeOther, "/articles")
func Flash(c Carrier, category, text string) {
	msgs, _ := Get(c, flashKey).([]Message)
	Put(c, flashKey, append(msgs[:len(msgs):len(msgs)], Message{Category: category, Text: text}))
}

// Flashes returns the pending messages, oldest first, and removes them, so
// that each is shown once. Templates see them through their data; the
// render package's "flashes" helper takes a []Message as it is:
//
//	return render.HTML(c, http.StatusOK, "index.html", render.M{"Flashes": session.Flashes(c)})
//
// Read them only in a handler that shows them: a redirect or a JSON answer
// that read them would use them up.
func Flashes(c Carrier) []Message {
	msgs, _ := Pop(c, flashKey).([]Message)
	return msgs
}
