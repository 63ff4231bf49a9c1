import autocannon from 'autocannon';

// One load run with autocannon: `connections` clients, each sending its next request as soon as
// the previous one is answered, for `seconds`. Every request is built fresh (new signature, new
// ids) by `build`. Latencies are kept per request so that p95 (which autocannon's histogram does
// not report) is exact.

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  build: () => LoadRequest;
  /** Is this answer the one the scenario expects? Others are counted as `unexpected`. */
  expect: (status: number, body: string) => boolean;
  /** Send through this relay (the fake APIs' /_command), which answers when the response_url answer arrives. */
  relay?: string;
}

export interface LoadFigures {
  connections: number;
  requests: number;
  /** Answered requests per second over the run. */
  throughput: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Answers that were not what the scenario expects (non-2xx, or a wrong body). */
  unexpected: number;
  /** Answers slower than Slack's three-second window. */
  over3s: number;
  /** Sent but still unanswered when the run ended (autocannon stops waiting then). */
  unanswered: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const latencies: number[] = [];
  let unexpected = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.relay ?? options.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const next = options.build();
              if (options.relay)
                return {
                  ...request,
                  path: '/_command',
                  headers: { ...next.headers, 'x-bench-target': options.url },
                  body: next.body,
                };
              return { ...request, path: next.path, headers: next.headers, body: next.body };
            },
            onResponse: (status, body) => {
              if (!options.expect(status, body)) unexpected++;
            },
          },
        ],
      },
      (error: unknown, result) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]! : Number.NaN;
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    connections: options.connections,
    requests: latencies.length,
    throughput: round(latencies.length / result.duration),
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    p99Ms: round(at(0.99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    errors: result.errors + result.timeouts,
    unexpected,
    over3s: latencies.filter((l) => l > 3000).length,
    unanswered: Math.max(0, result.requests.sent - latencies.length - result.errors - result.timeouts),
  };
}
