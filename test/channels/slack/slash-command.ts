import type { FakeSlackApi } from './fake-slack-api.js';
import { slashCommandBody } from './slack-requests.js';

/**
 * Sends `/lcp <text>` as Slack does and returns its answer: the acknowledgement's body when the
 * app answered there (help), else what it then posted to the command's response_url.
 */
export async function slashCommand(
  api: FakeSlackApi,
  post: (body: string) => Promise<{ status: number; json: unknown }>,
  user: string,
  text: string,
  where: { channel?: string; sharedChannel?: boolean } = {},
): Promise<{ status: number; json: unknown }> {
  const responseUrl = api.responseUrl();
  const body = slashCommandBody(user, text, where.channel, responseUrl);
  const acknowledged = await post(
    where.sharedChannel ? body.replace('channel_name=directmessage', 'channel_name=general') : body,
  );
  if (acknowledged.status !== 200 || acknowledged.json !== null) return acknowledged;
  const deadline = Date.now() + 5000;
  for (;;) {
    const answer = api.responseTo(responseUrl);
    if (answer) return { status: 200, json: answer };
    if (Date.now() > deadline) throw new Error(`no answer to "/lcp ${text}" at its response_url`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
