// Package ws holds the benchmarks of github.com/pylonweb/pylon/ws on
// loopback: memory per idle connection, broadcast latency to a room of
// 1,000 connections, and echo round trips on 1 and 100 connections. See
// docs/benchmarks.md for the numbers and the commands.
package ws
