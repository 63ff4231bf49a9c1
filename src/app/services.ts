import type { PersonRepository } from '../directory/person.js';
import type { LetterLinkSource } from './views/case-view.js';
import type {
  CaseRepository,
  CustomerRepository,
  Notifier,
  OpenCaseRegistry,
  ReceiptRepository,
  RefusedAttemptLog,
  LetterEmailer,
} from './ports.js';
import type { CaseViewLog } from './ports.js';
import type { ChatReports } from './chat-reports.port.js';
import type { Log } from '../logging/log.js';

/** Everything a use case needs, passed in so that adapters, jobs and tests wire the same code. */
export interface CaseServices {
  cases: CaseRepository;
  openCases: OpenCaseRegistry;
  customers: CustomerRepository;
  people: PersonRepository;
  receipts: ReceiptRepository;
  /** Refused attempts to act (wrong person, wrong state, stale card), audited apart from the case. */
  refusals: RefusedAttemptLog;
  notifier: Notifier;
  /** Who was shown a case's details (evidence packs); apart from the hash-chained events. */
  views?: CaseViewLog;
  /** The live restriction register and board report links for chat (src/reports). */
  reports?: ChatReports;
  clock: () => Date;
  /** How long a refusal of all contact lasts (the settings); the policy's 6 and 12 months when unset. */
  refusalDuration?: { defaultMonths: number; maxMonths: number };
  /** The longest one delegation may run (LCP_MAX_DELEGATION_DAYS); unset: 31 days. */
  maxDelegationDays?: number;
  /** Direct messages to people on every chat channel that reaches them (delegation notices, admin alerts). */
  messenger?: { send(personIds: string[], text: string, caseId: string | null): Promise<unknown> };
  /** Letter links in case views (src/letters); unset: views show none. */
  letterLinks?: LetterLinkSource;
  /** E-mail dispatch of letters over SMTP (src/letters); unset: letters are not e-mailed by the product. */
  letterEmail?: LetterEmailer;
  log?: Log;
}
