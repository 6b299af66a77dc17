package ws

import (
	"encoding/json"
	"fmt"

	"github.com/coder/websocket"
)

// MessageType is a WebSocket data message's type: MessageText or
// MessageBinary.
type MessageType = websocket.MessageType

// The data message types.
const (
	MessageText   = websocket.MessageText
	MessageBinary = websocket.MessageBinary
)

// Message is one message: received on a connection, sent to one, or
// broadcast through a Hub to a room (and kept in its history).
type Message struct {
	// ID identifies a broadcast message within its room; the Hub sets it,
	// and SSE streams send it as the event ID for Last-Event-ID resume.
	// Empty on messages read from a connection.
	ID string `json:"id,omitempty"`
	// Room is the room a broadcast went to. Empty otherwise.
	Room string `json:"room,omitempty"`
	// From is the user who sent the message, if the application says so.
	From string `json:"from,omitempty"`
	// Event is the SSE event type for SSE subscribers. If not set, their
	// browsers dispatch a "message" event. WebSockets ignore it.
	Event string `json:"event,omitempty"`
	// Type is MessageText or MessageBinary. If not set, MessageText.
	Type MessageType `json:"type,omitempty"`
	// Data is the payload.
	Data []byte `json:"data"`
}

// Text returns a text message holding s.
func Text(s string) Message { return Message{Type: MessageText, Data: []byte(s)} }

// Binary returns a binary message holding b.
func Binary(b []byte) Message { return Message{Type: MessageBinary, Data: b} }

// JSON returns a text message holding v encoded as JSON.
func JSON(v any) (Message, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return Message{}, fmt.Errorf("ws: encoding JSON message: %w", err)
	}
	return Message{Type: MessageText, Data: b}, nil
}

// Decode decodes the message's data as JSON into v.
func (m Message) Decode(v any) error {
	if err := json.Unmarshal(m.Data, v); err != nil {
		return fmt.Errorf("ws: decoding JSON message: %w", err)
	}
	return nil
}

func (m Message) typ() MessageType {
	if m.Type == 0 {
		return MessageText
	}
	return m.Type
}
