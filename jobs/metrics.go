package jobs

import (
	"context"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	results  *prometheus.CounterVec
	duration *prometheus.HistogramVec
	queue    *queueCollector
}

func newMetrics(store allmenning.JobStore) *metrics {
	return &metrics{
		results: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "allmenning_jobs_run_total",
			Help: "Job attempts run by this node, by kind and result (done, retry, dead, released).",
		}, []string{"kind", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "allmenning_job_duration_seconds",
			Help:    "Time a job handler took, by kind.",
			Buckets: []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60, 300},
		}, []string{"kind"}),
		queue: &queueCollector{store: store, desc: prometheus.NewDesc("allmenning_jobs",
			"Jobs stored in the database, by kind and state (pending, running, done, dead); the same on every node.",
			[]string{"kind", "state"}, nil)},
	}
}

func (m *metrics) result(kind, result string) { m.results.WithLabelValues(kind, result).Inc() }

// Register adds the runner's metrics to reg: attempts by result and their
// duration on this node, and the queue in the database by kind and state.
func (r *Runner) Register(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{r.metrics.results, r.metrics.duration, r.metrics.queue} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// queueCollector counts the jobs table at scrape time.
type queueCollector struct {
	store allmenning.JobStore
	desc  *prometheus.Desc
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.store.CountJobs(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n.N), n.Kind, n.State)
	}
}
