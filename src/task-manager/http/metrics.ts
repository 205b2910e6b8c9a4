import { taskStatistics } from '../store.js';

// Upper bounds (seconds) of the job-duration histogram: a thumbnail takes a fraction
// of a second inside the component, a large blur can take a minute.
const BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

/** GET /metrics: Prometheus text format 0.0.4. */
export function metricsText(): string {
  const { byStatus, durations } = taskStatistics(BUCKETS);
  const lines = [
    '# HELP image_processor_tasks Tasks in the task manager, by status.',
    '# TYPE image_processor_tasks gauge',
    ...Object.entries(byStatus).map(([status, n]) => `image_processor_tasks{status="${status}"} ${n}`),
    '# HELP image_processor_job_duration_seconds Completed tasks: time from (last) lease to completion.',
    '# TYPE image_processor_job_duration_seconds histogram',
    ...BUCKETS.map((le, i) => `image_processor_job_duration_seconds_bucket{le="${le}"} ${durations.buckets[i]}`),
    `image_processor_job_duration_seconds_bucket{le="+Inf"} ${durations.count}`,
    `image_processor_job_duration_seconds_sum ${durations.sum}`,
    `image_processor_job_duration_seconds_count ${durations.count}`,
  ];
  return `${lines.join('\n')}\n`;
}
