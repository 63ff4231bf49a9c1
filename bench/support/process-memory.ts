import { readFileSync } from 'node:fs';

// Memory of another process as the kernel counts it (Linux /proc): VmRSS is resident memory now,
// VmHWM its peak since the process started.

export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number;
}

export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

/** Samples a process's RSS while something runs: the highest and the mean of the samples. */
export class RssSampler {
  private samples: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start(): void {
    this.samples = [];
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }

  stop(): { maxBytes: number; meanBytes: number; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const max = Math.max(...this.samples);
    const mean = this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
    return { maxBytes: max, meanBytes: Math.round(mean), samples: this.samples.length };
  }

  private sample(): void {
    try {
      this.samples.push(readProcessMemory(this.pid).rssBytes);
    } catch {
      // The process has gone; the samples so far stand.
    }
  }
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
