// Package agentlib gathers candidates on a goroutine of its own and hands
// each to the handler its user set.
package agentlib

import "time"

type Agent struct {
	onCandidate func(string)
}

func NewAgent() *Agent {
	a := &Agent{}
	go a.gather()
	return a
}

// OnCandidate sets the handler the gathering goroutine calls.
func (a *Agent) OnCandidate(f func(string)) { // want OnCandidate:`runs\(param 0 on \(\*agentlib.Agent\).gather, one at a time\)`
	a.onCandidate = f
}

func (a *Agent) gather() {
	for range time.Tick(time.Second) {
		if a.onCandidate != nil {
			a.onCandidate("candidate")
		}
	}
}
