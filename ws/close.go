package ws

import (
	"errors"
	"fmt"

	"github.com/coder/websocket"
)

// StatusCode is a WebSocket close code (RFC 6455, section 7.4).
type StatusCode = websocket.StatusCode

// The close codes Pylon uses.
const (
	StatusNormalClosure   = websocket.StatusNormalClosure   // 1000
	StatusGoingAway       = websocket.StatusGoingAway       // 1001: server shutdown
	StatusAbnormal        = websocket.StatusAbnormalClosure // 1006: no close frame (never sent)
	StatusInvalidData     = websocket.StatusInvalidFramePayloadData
	StatusPolicyViolation = websocket.StatusPolicyViolation // 1008: slow consumer, by default
	StatusMessageTooBig   = websocket.StatusMessageTooBig   // 1009: over the read limit
	StatusInternalError   = websocket.StatusInternalError   // 1011: a handler failed or panicked
	StatusTryAgainLater   = websocket.StatusTryAgainLater   // 1013: too many connections, or slow consumer by policy
)

// CloseError says how a connection ended: the close code and reason that
// were sent or received. Return one from OnMessage or OnOpen to close the
// connection with that code; OnClose receives one.
type CloseError struct {
	Code   StatusCode
	Reason string
}

// Error describes the close: its code, the code's name and the reason.
func (e *CloseError) Error() string {
	return fmt.Sprintf("ws: closed with %d (%s) %s", int(e.Code), e.Code, e.Reason)
}

// ErrClosed is returned by Send on a connection that is closing or closed.
var ErrClosed = errors.New("ws: connection closed")

// ErrSlowConsumer is returned by Send when the connection's send queue is
// full; the connection is then closed with the Endpoint's
// SlowConsumerCode, so that one client that does not read never holds up
// a broadcast.
var ErrSlowConsumer = errors.New("ws: send queue full: slow consumer closed")
