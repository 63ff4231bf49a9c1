import nodemailer, { type Transporter } from 'nodemailer';
import type { LetterEmailer } from '../app/ports.js';
import type { LetterService } from './letter-service.js';
import type { Organisation } from './letter-settings.js';

// E-mail dispatch of letters over SMTP (issue 12 §5): the stored PDF, exactly as archived, is
// attached to a short message from the organisation. The message names no behaviour or
// restriction, since mailboxes are read on shared screens and phones; the letter says it all.

export interface LetterEmailSettings {
  /** smtp://user:pass@host:587 or smtps://…:465 (nodemailer's connection URL). */
  smtpUrl: string;
  /** The From address, e.g. "LHP Housing <letters@lhp.example.org>". */
  from: string;
}

export class SmtpLetterEmailer implements LetterEmailer {
  private readonly transport: Transporter;

  constructor(
    private readonly settings: LetterEmailSettings,
    private readonly letters: LetterService,
    private readonly organisation: Pick<Organisation, 'name' | 'phone' | 'email'>,
  ) {
    // Fail fast rather than hold the person's form open: a mail server that does not answer within
    // these limits is reported as a failed send, and nothing is recorded.
    this.transport = nodemailer.createTransport({
      url: settings.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(input: { caseId: string; caseNumber: string; letterIndex: number; to: string }): Promise<void> {
    // The letter as stored (stored first if the background step has not yet done so).
    const stored = await this.letters.ensure(input.caseId, input.letterIndex);
    const bytes = stored ? await this.letters.archive.bytes(input.caseId, input.letterIndex) : null;
    if (!stored || !bytes) throw new Error(`letter ${input.letterIndex + 1} of case ${input.caseNumber} is not stored`);
    const org = this.organisation;
    await this.transport.sendMail({
      from: this.settings.from,
      to: input.to,
      subject: `A letter from ${org.name} (our reference ${input.caseNumber})`,
      text: [
        'Dear customer,',
        '',
        `Please find attached a letter from ${org.name} (${stored.label}, our reference ${input.caseNumber}).`,
        '',
        `If you need it in another format, or you have any questions, call us on ${org.phone} or write to ${org.email}.`,
        '',
        org.name,
      ].join('\n'),
      attachments: [{ filename: stored.filename, content: bytes, contentType: 'application/pdf' }],
    });
  }

  close(): void {
    this.transport.close();
  }
}
