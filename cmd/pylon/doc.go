// Pylon is the command-line tool for Pylon web apps, like Pylons' paster:
// it runs an app during development, restarting it when its sources change,
// and lists its routes.
//
// Usage:
//
//	pylon <command> [arguments]
//
// The commands are:
//
//	serve    build and run an app, rebuilding it on changes with --reload
//	routes   list an app's routes
//	version  print pylon's version
//	help     show help for pylon or one of its commands
//
// For example, in an app's directory:
//
//	pylon serve --reload development.toml
//	pylon routes
//
// Pylon does not link the app: it builds it with the go command and talks
// to it through the environment. PYLON_CONFIG holds the path of the config
// file given to serve; PYLON_PRINT_ROUTES=1 asks the app to print its routes
// as JSON lines and exit. See docs/cli.md in the Pylon repository.
package main
