// The terminal backend.
