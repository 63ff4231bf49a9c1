// Jest's own order (slowest and failed files first), except that the index-coverage check runs
// last: it reads the queries every other test file recorded (test/support/database/command-recorder.ts).
import Sequencer from '@jest/test-sequencer';

const LAST = /index-coverage\.test\.ts$/;

export default class RunLastSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter((test) => !LAST.test(test.path)), ...sorted.filter((test) => LAST.test(test.path))];
  }
}
