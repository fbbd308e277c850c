/** The recovery-point-age function's contract: its measurements file and the vocabulary of its measurements. */
export {
  CONFIG_FILE,
  METRICS,
  type FreshnessSource,
  type FunctionConfig,
  type Measurement,
  type MetricName,
  type ResourceMatch,
} from './measurement';
