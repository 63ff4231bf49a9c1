import { Writable } from 'node:stream';
import { createLogger, logFunction } from '../src/logging/logger.js';
import { requestContext } from '../src/logging/request-context.js';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk.toString()), done()) });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('logs', () => {
  test('secrets and customer details are redacted wherever they appear', () => {
    const out = capture();
    const log = logFunction(createLogger({ destination: out.stream }));
    log('decision failed', {
      token: 'xoxb-secret',
      customer: { name: 'Alex Example', accountRef: 'ACC-1' },
      detail: { description: 'verbatim abuse', password: 'p' },
      caseId: 'c1',
    });
    const [line] = out.lines();
    const text = JSON.stringify(line);
    expect(text).not.toMatch(/xoxb-secret|Alex Example|ACC-1|verbatim abuse/);
    expect(line).toMatchObject({ msg: 'decision failed', caseId: 'c1', token: '[redacted]', customer: '[redacted]' });
  });

  test('every line written while serving a request carries its request id', () => {
    const out = capture();
    const log = logFunction(createLogger({ destination: out.stream }));
    requestContext.run({ reqId: 'req-123' }, () => log('inside'));
    log('outside');
    expect(out.lines().map((l) => l.reqId)).toEqual(['req-123', undefined]);
  });
});
