package task_test

import "runtime"

func runtimeGoexit() { runtime.Goexit() }
