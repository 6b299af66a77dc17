package routes_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/pylonweb/pylon/cmd/pylon/internal/routes"
)

func Example() {
	appOutput := `{"method":"GET","pattern":"/","name":"home","handler":"main.home"}
{"method":"GET","pattern":"/users/{id}","name":"user","handler":"main.showUser"}
{"method":"POST","pattern":"/users","handler":"main.createUser"}
{"pattern":"/static/{path...}"}
`
	rs, err := routes.Parse(strings.NewReader(appOutput))
	if err != nil {
		fmt.Println(err)
		return
	}
	routes.WriteTable(os.Stdout, rs)
	// Output:
	// METHOD  PATTERN            NAME  HANDLER
	// GET     /                  home  main.home
	// GET     /users/{id}        user  main.showUser
	// POST    /users             -     main.createUser
	// *       /static/{path...}  -     -
}
