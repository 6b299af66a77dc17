package cache

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"encoding/json"
	"fmt"
)

// Codec turns values into bytes and back, for backends that store bytes
// (Redis). Each region has one; the memory backend never uses it.
// A Codec's methods may be called concurrently.
type Codec interface {
	// Marshal encodes v.
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes data into the value v points to.
	Unmarshal(data []byte, v any) error
}

// The codecs that a region's Encoding names.
var (
	// JSON encodes with encoding/json: readable by other programs, but an
	// untyped read (T = any) gets maps, float64s and strings back.
	JSON Codec = jsonCodec{}
	// Gob encodes with encoding/gob: Go types round-trip exactly; reading
	// into an interface (T = any) needs the type registered with
	// gob.Register and stored through an interface.
	Gob Codec = gobCodec{}
	// Raw stores bytes as they are: []byte, string, and types implementing
	// encoding.BinaryMarshaler; it decodes into *[]byte, *string, *any
	// (as []byte) and encoding.BinaryUnmarshaler.
	Raw Codec = rawCodec{}
)

// CodecFor returns the codec an Encoding names: "json", "gob" or "raw".
// If name is empty, JSON.
func CodecFor(name string) (Codec, error) {
	switch name {
	case "", "json":
		return JSON, nil
	case "gob":
		return Gob, nil
	case "raw":
		return Raw, nil
	}
	return nil, fmt.Errorf("cache: unknown encoding %q (want json, gob or raw)", name)
}

type jsonCodec struct{}

func (jsonCodec) Marshal(v any) ([]byte, error)      { return json.Marshal(v) }
func (jsonCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

type gobCodec struct{}

func (gobCodec) Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (gobCodec) Unmarshal(data []byte, v any) error {
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}

type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	switch v := v.(type) {
	case []byte:
		return v, nil
	case string:
		return []byte(v), nil
	case encoding.BinaryMarshaler:
		return v.MarshalBinary()
	}
	return nil, fmt.Errorf("cache: the raw encoding cannot store %T (want []byte, string or an encoding.BinaryMarshaler)", v)
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	switch v := v.(type) {
	case *[]byte:
		*v = bytes.Clone(data)
	case *string:
		*v = string(data)
	case *any:
		*v = bytes.Clone(data)
	case encoding.BinaryUnmarshaler:
		return v.UnmarshalBinary(data)
	default:
		return fmt.Errorf("cache: the raw encoding cannot decode into %T (want *[]byte, *string, *any or an encoding.BinaryUnmarshaler)", v)
	}
	return nil
}
