/**
 * Schedules, in one place for every layer: what the plan writes (AWS cron for backup rules, five-field cron for
 * Kubernetes CronJobs, AWS cron of the catalog's drills translated for Kubernetes) and what the checker reads back (the
 * longest wait between two runs). Pure.
 */
export { awsCronForInterval } from './aws';
export { cronForInterval, kubernetesSchedule, type KubernetesSchedule } from './kubernetes';
export {
  scheduleInterval,
  windowsOverlap,
  type CronDialect,
  type IntervalResult,
  type ScheduledWindow,
} from './interval';
export { awsCronProblem, kubernetesCronProblem } from './validate';
