package pylon

// requestTasks is replaced by the task integration.
type requestTasks struct{}

func (t *requestTasks) finish() {}

type service struct{}
