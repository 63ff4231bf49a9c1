import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Signed links to documents (letters, reports): the fields of a link are joined with '|', hex
// encoded and signed with HMAC-SHA256 under a key of this link kind. Tokens are hex and one dot,
// so neither Slack's nor Teams' text escaping changes them. Each link kind checks its own fields.

export class SignedTokens {
  private readonly key: Buffer;

  /**
   * @param secret the configured secret; without one, a key of this process (links then stop
   * working when it restarts).
   * @param purpose names the link kind, so a letter token is never a valid report token.
   */
  constructor(
    secret: string | undefined,
    purpose: string,
    private readonly maxPayloadHex = 1200,
  ) {
    this.key = createHmac('sha256', secret ?? randomBytes(32).toString('hex'))
      .update(`limited-contact ${purpose}`)
      .digest();
  }

  sign(fields: readonly (string | number)[]): string {
    const payload = Buffer.from(fields.join('|'), 'utf8').toString('hex');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The signed fields, or null when the token is malformed or its signature does not match. */
  open(token: string): string[] | null {
    const match = new RegExp(`^([0-9a-f]{2,${this.maxPayloadHex}})\\.([0-9a-f]{64})$`).exec(token);
    if (!match) return null;
    if (!timingSafeEqual(Buffer.from(this.mac(match[1]!), 'hex'), Buffer.from(match[2]!, 'hex'))) return null;
    return Buffer.from(match[1]!, 'hex').toString('utf8').split('|');
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('hex');
  }
}
