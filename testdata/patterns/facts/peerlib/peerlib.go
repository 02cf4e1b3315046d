// Package peerlib keeps its user's candidate handler in an atomic.Value
// and calls it from the handler it gives agentlib's agent: the user's
// handler runs on the agent's goroutine.
package peerlib

import (
	"sync/atomic"

	"github.com/wsconcurrent/wsconcurrent/testdata/patterns/facts/agentlib"
)

type Peer struct {
	agent     *agentlib.Agent
	onICE     atomic.Value // func(string)
	onTrackMu func(string)
}

func NewPeer() *Peer {
	p := &Peer{agent: agentlib.NewAgent()}
	p.agent.OnCandidate(func(c string) {
		if h, ok := p.onICE.Load().(func(string)); ok && h != nil {
			h(c)
		}
	})
	return p
}

// OnICECandidate sets the handler of local candidates.
func (p *Peer) OnICECandidate(f func(string)) { // want OnICECandidate:`runs\(param 0 on \(\*agentlib.Agent\).gather, one at a time\)`
	p.onICE.Store(f)
}

// Describe calls f in place.
func (p *Peer) Describe(f func(string)) {
	f("offer")
}
