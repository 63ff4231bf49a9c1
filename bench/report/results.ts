import type { BoardReportResults } from '../board-report/board-report-benchmark.js';
import type { ChatResults } from '../chat/chat-benchmarks.js';
import type { SchedulerResults } from '../scheduler/scheduler-benchmarks.js';
import type { Environment } from './environment.js';
import type { TargetVerdict } from './targets.js';

/** bench/results.json: every figure with its baseline, and what it was measured on. */
export interface BenchResults {
  generatedAt: string;
  environment: Environment;
  options: { secondsPerLoadRun: number; sections: string[] };
  chat: ChatResults | null;
  scheduler: SchedulerResults | null;
  boardReport: BoardReportResults | null;
  targets: TargetVerdict[];
  wallSeconds: number;
  /** What a reader of the figures must know that the figures do not say. */
  notes?: string[];
}
