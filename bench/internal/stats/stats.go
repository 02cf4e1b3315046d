// Package stats holds the statistics the benchmark summaries
// (bench/cmd/benchratio, bench/cmd/vetsummary) report.
package stats

import "slices"

// Median returns the median of xs, 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
