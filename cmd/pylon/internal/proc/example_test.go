//go:build unix

package proc_test

import (
	"fmt"
	"os/exec"
	"time"

	"github.com/pylonweb/pylon/cmd/pylon/internal/proc"
)

// Stop asks the child to end with SIGTERM and kills it if it has not
// exited within the timeout.
func ExampleProcess_Stop() {
	p, err := proc.Start(exec.Command("sleep", "60"))
	if err != nil {
		fmt.Println(err)
		return
	}
	code := p.Stop(5 * time.Second)
	fmt.Println(code != 0)
	// Output: true
}
