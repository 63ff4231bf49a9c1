import {
  CRITERIA,
  ACTION_PRESENTATION,
  LETTERS,
  STATE_LABELS,
  type ActionId,
  type CaseState,
} from '../policy/index.js';
import { renderPdf } from '../documents/pdf-document.js';
import { actedByText, type ActedBy } from '../cases/index.js';
import type { EvidencePack } from './evidence-pack.js';

const who = (by: ActedBy | null | undefined) => (by ? actedByText(by) : '');
const when = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');
const behaviourLabel = (criterionId: string, behaviourId: string) => {
  const criterion = CRITERIA.find((c) => c.id === criterionId);
  return `${criterion?.label ?? criterionId}: ${criterion?.behaviours.find((b) => b.id === behaviourId)?.label ?? behaviourId}`;
};
const letterLabel = (kind: string) => LETTERS.find((l) => l.kind === kind)?.label ?? kind;

/** The pack as JSON, with stable key order so two exports of the same case compare equal. */
export function evidencePackJson(pack: EvidencePack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}

export function evidencePackPdf(pack: EvidencePack, organisation: string): Promise<Buffer> {
  const k = pack.case;
  return renderPdf(
    {
      title: `Evidence pack ${pack.caseNumber}`,
      author: organisation,
      subject: 'Case evidence pack (Ombudsman or subject access request)',
      createdAt: new Date(pack.generatedAt),
    },
    (pdf) => {
      pdf.heading(`Evidence pack: case ${pack.caseNumber}`);
      pdf.paragraph(
        `${organisation}. Everything held about this case under the Limited Contact Policy, generated ${when(pack.generatedAt)}. The JSON file beside this PDF holds the same records in full.`,
        { subtle: true },
      );
      pdf.facts([
        ['Customer', `${k.customer.name} (account ${k.customer.accountRef})`],
        ['Status', STATE_LABELS[k.state as CaseState] ?? k.state],
        ['Opened', when(k.openedAt)],
        ['Closed', k.closure ? `${when(k.closure.at)} (${k.closure.reason.replace(/_/g, ' ')})` : 'open'],
        [
          'Audit trail',
          pack.auditTrail.ok
            ? `verified: ${pack.auditTrail.length} events, hash chain intact`
            : `BROKEN at event ${pack.auditTrail.seq}: ${pack.auditTrail.reason}`,
        ],
        ['Legal hold', pack.legalHold ? `yes, since ${when(pack.legalHold.setAt)}: ${pack.legalHold.reason}` : 'none'],
      ]);

      pdf.heading('Incident reports', 2);
      for (const r of k.reports) {
        pdf.heading(`Report ${r.id}, ${when(r.occurredAt)} by ${r.channel.replace(/_/g, ' ')}`, 3);
        pdf.facts([
          ['Reported', when(r.reportedAt)],
          ['Behaviour', r.behaviours.map((b) => behaviourLabel(b.criterionId, b.behaviourId)).join('; ')],
          ['What was said or done', r.description],
          ['Who was affected', r.affectedPeople || 'not recorded'],
          ['Evidence', r.evidenceRefs.join(', ') || 'none'],
          ['Anyone threatened or hurt', r.threatenedOrHurt ? 'yes' : 'no'],
          ['Complaint reference', r.complaintReference ?? 'none'],
        ]);
      }

      pdf.heading('Decisions with reasons', 2);
      pdf.table(
        ['#', 'When', 'Decision', 'By', 'Reasons'],
        pack.decisions.map((e) => [
          String(e.seq),
          when(e.at),
          ACTION_PRESENTATION[e.action as ActionId]?.done ?? e.action,
          who(e.actor),
          e.rationale ?? '',
        ]),
        [0.4, 1.6, 1.6, 1.6, 4],
      );

      pdf.heading('Letters', 2);
      if (k.letters.length === 0) pdf.paragraph('No letters were sent.');
      else
        pdf.table(
          ['Letter', 'Approved by', 'Sent'],
          k.letters.map((l) => [letterLabel(l.kind), who(l.approvedBy), when(l.sentAt)]),
          [2, 2, 2],
        );
      if (pack.storedLetters.length > 0)
        pdf.table(
          ['Stored PDF', 'File id', 'SHA-256'],
          pack.storedLetters.map((l) => [letterLabel(l.kind), l.fileId, l.sha256]),
          [1.5, 2, 4],
        );

      pdf.heading('Quarterly reviews', 2);
      if (k.reviews.length === 0) pdf.paragraph('No reviews were held.');
      else
        pdf.table(
          ['When', 'By', 'Outcome', 'On time', 'Reasons'],
          k.reviews.map((r) => [when(r.at), who(r.by), r.outcome, r.onTime ? 'yes' : 'no', r.rationale]),
          [1.5, 1.5, 1, 0.8, 4],
        );

      pdf.heading('Appeals', 2);
      if (k.appeals.length === 0) pdf.paragraph('No appeals were received.');
      else
        pdf.table(
          ['Received', 'Grounds', 'Outcome', 'Decided by', 'Reasons'],
          k.appeals.map((a) => [
            when(a.receivedAt),
            a.grounds,
            a.decision?.outcome ?? 'pending',
            who(a.decision?.by),
            a.decision?.rationale ?? '',
          ]),
          [1.4, 2.5, 1, 1.4, 3],
        );

      pdf.heading('Reminders sent', 2);
      if (pack.remindersSent.length === 0) pdf.paragraph('No reminders were sent.');
      else
        pdf.table(
          ['Reminder', 'Due', 'Sent', 'Status', 'Recipients'],
          pack.remindersSent.map((r) => [
            `${r.kind.replace(/_/g, ' ')} #${r.n}`,
            r.dueDate,
            when(r.sentAt),
            r.status,
            r.recipients.join(', '),
          ]),
          [2, 1.2, 1.6, 1.2, 2],
        );

      pdf.heading('Who viewed the case', 2);
      if (pack.views.length === 0) pdf.paragraph('No views were recorded.');
      else
        pdf.table(
          ['When', 'Who', 'Where'],
          pack.views.map((v) => [when(v.at), `${v.name} (${v.personId})`, v.via]),
          [1.5, 2.5, 2],
        );

      pdf.heading('Refused attempts to act', 2);
      if (pack.refusedAttempts.length === 0) pdf.paragraph('None.');
      else
        pdf.table(
          ['When', 'Who', 'Action', 'Refused because'],
          pack.refusedAttempts.map((r) => [when(r.at), r.actor.name ?? r.actor.personId, r.action, r.code]),
          [1.5, 2, 2, 2],
        );

      if (pack.legalHoldHistory.length > 0) {
        pdf.heading('Legal hold history', 2);
        pdf.table(
          ['When', 'Action', 'By', 'Reason'],
          pack.legalHoldHistory.map((h) => [when(h.at), h.action, h.by, h.reason]),
          [1.5, 0.8, 1.5, 4],
        );
      }
    },
  );
}
