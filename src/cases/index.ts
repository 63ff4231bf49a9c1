export * from './acted-by.js';
export * from './case-access.js';
export * from './case.types.js';
export * from './commands.js';
export * from './decide.js';
export * from './errors.js';
export { displayTime } from './dates.js';
export { hasReportSinceWarning, type CustomerAdjustment } from './gates.js';
export { normaliseAccountRef, type NewCaseIdentity } from './new-case.js';
