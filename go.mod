module github.com/pylonweb/pylon

go 1.26

require (
	github.com/pelletier/go-toml/v2 v2.4.3 // indirect
	go.uber.org/goleak v1.3.0 // indirect
)
