// Package pylon is a web framework in the tradition of Python's Pylons.
package pylon
