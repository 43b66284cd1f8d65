//go:build race

package main

// raceEnabled is true in a -race build: the whole-corpus contract test is
// left to the plain build (.ci/run runs it after the race tests).
const raceEnabled = true
