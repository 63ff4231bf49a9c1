import type { AckFn, App, RespondArguments, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { awaitingMe, findCaseFor, myReports } from '../../../app/case-queries.js';
import { reportForm } from '../../../app/forms/report-form.js';
import { caseCardView } from '../../../app/views/case-card-view.js';
import { caseView } from '../../../app/views/case-view.js';
import { firstPage, moreLine } from '../../../app/views/list-page.js';
import type { Actor, Case } from '../../../cases/index.js';
import { deputyNamedText, nameDeputy } from '../../../app/name-deputy.js';
import { CUSTOMER_CALLBACK_ID, delegateArgsPattern, REPORT_CALLBACK_ID } from '../slack-payloads.js';
import { checkContact, contactCheckLines } from '../../../app/contact-checks.js';
import { ACCOUNT_REF, mayEditCustomers } from '../../../app/customer-records.js';
import { customerForm } from '../../../app/forms/customer-form.js';
import { NOT_IN_DIRECTORY, slackActor, type SlackContext } from '../slack-context.js';
import { caseMessage } from '../views/case-message.view.js';
import { escapeMrkdwn } from '../views/escape.js';
import { formModal } from '../views/form-modal.view.js';
import { helpText } from '../views/help.text.js';
import { reportAnswer } from '../report-answers.js';
import { errorMessage } from '../../../logging/log.js';

/** `/lcp` and its sub-commands; anything unknown gets the help text. */
export function registerLcpCommand(app: App, ctx: SlackContext): void {
  app.command('/lcp', async ({ command, ack, client, respond }) => {
    const text = command.text.trim();
    const [verb = '', ...rest] = text.split(/\s+/);
    if (verb === '' || (verb.toLowerCase() === 'report' && rest[0]?.toLowerCase() !== 'board')) {
      // Open the modal first: trigger_id is single-use and lives three seconds.
      await ack();
      await client.views.open({
        trigger_id: command.trigger_id,
        view: formModal(reportForm(), {
          callbackId: REPORT_CALLBACK_ID,
          privateMetadata: JSON.stringify({ channelId: command.channel_id }),
        }),
      });
      return;
    }
    if (verb.toLowerCase() === 'customer') return openCustomerForm(ctx, command, rest.join(' ').trim(), ack, client);
    if (!READS_THE_DATABASE.includes(verb.toLowerCase())) {
      await ack({ response_type: 'ephemeral', text: helpText() });
      return;
    }
    // Acknowledged at once; the answer follows through response_url, so a slow database or a long
    // list never costs Slack's three seconds.
    await ack();
    let reply: { text: string; blocks?: object[] };
    try {
      reply = await answer(ctx, command, verb.toLowerCase(), rest.join(' '), text);
    } catch (error) {
      ctx.log('slack: /lcp could not be answered', { verb, error: errorMessage(error) });
      reply = { text: NOT_ANSWERING };
    }
    await respond({ response_type: 'ephemeral', replace_original: false, ...reply }).catch((error: unknown) =>
      ctx.log('slack: the answer to /lcp could not be delivered', { verb, error: errorMessage(error) }),
    );
  });
}

const READS_THE_DATABASE = ['case', 'cases', 'approvals', 'delegate', 'register', 'report', 'check'];
const NOT_ANSWERING = 'The case system is not answering just now; try again in a minute.';

async function answer(
  ctx: SlackContext,
  command: SlashCommand,
  verb: string,
  args: string,
  text: string,
): Promise<{ text: string; blocks?: object[] }> {
  const actor = await slackActor(ctx, command.user_id);
  if (!actor) return { text: NOT_IN_DIRECTORY };
  if (verb === 'register' || verb === 'report') return reportAnswer(ctx, command, actor, verb, args);
  switch (verb) {
    case 'check': {
      const result = await checkContact(ctx.services, actor, args, 'slack: /lcp check');
      if (!result.ok) return { text: result.message };
      const { title, lines } = contactCheckLines(result.accountRef, result.check);
      return { text: `*${escapeMrkdwn(title)}*\n${lines.map(escapeMrkdwn).join('\n')}` };
    }
    case 'case': {
      const kase = args ? await findCaseFor(ctx.services, actor, args, 'slack: /lcp case') : null;
      const view = kase ? await caseCardView(ctx.services, kase, actor) : null;
      // A case the person may not see is "not found", exactly like one that does not exist.
      return view ? caseMessage(view) : { text: `Case ${escapeMrkdwn(args || '(no number given)')} was not found.` };
    }
    case 'cases': {
      const cases = await myReports(ctx.services, actor);
      return { text: cases.length ? listText('Your reports:', cases, actor) : 'You have not reported any incidents.' };
    }
    case 'approvals': {
      const cases = await awaitingMe(ctx.services, actor);
      return {
        text: cases.length ? listText('Waiting for you:', cases, actor) : 'Nothing is waiting for your decision.',
      };
    }
    default:
      return delegate(ctx, actor.personId, text);
  }
}

/** `/lcp customer ACC-1`: the record as a modal, for the CXM and above; anyone else is told why not. */
async function openCustomerForm(
  ctx: SlackContext,
  command: SlashCommand,
  accountRef: string,
  ack: AckFn<string | RespondArguments>,
  client: WebClient,
): Promise<void> {
  const actor = await slackActor(ctx, command.user_id);
  if (!actor) return ack({ response_type: 'ephemeral', text: NOT_IN_DIRECTORY });
  if (!accountRef || !ACCOUNT_REF.test(accountRef))
    return ack({ response_type: 'ephemeral', text: 'Which customer? For example: `/lcp customer ACC-100234`' });
  if (!mayEditCustomers(actor))
    return ack({
      response_type: 'ephemeral',
      text: 'Only the customer experience manager, the corporate head of customers and the executive director (or their deputies) edit customer records.',
    });
  const customer = await ctx.services.customers.findByAccountRef(accountRef);
  await ack();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: formModal(customerForm(accountRef, customer), {
      callbackId: CUSTOMER_CALLBACK_ID,
      privateMetadata: JSON.stringify({ accountRef }),
    }),
  });
}

async function delegate(ctx: SlackContext, principalId: string, text: string): Promise<{ text: string }> {
  const match = delegateArgsPattern.exec(text);
  if (!match) return { text: 'To name a deputy while you are away: `/lcp delegate @person until YYYY-MM-DD`' };
  const [, deputySlackId, until] = match as unknown as [string, string, string];
  const result = await nameDeputy(
    ctx.services,
    principalId,
    await ctx.services.people.findBySlackUserId(deputySlackId),
    until,
  );
  if (!result.ok)
    return {
      text: result.code === 'DEPUTY.NOT_IN_DIRECTORY' ? `<@${deputySlackId}> ${result.message}.` : result.message,
    };
  return { text: deputyNamedText(escapeMrkdwn(result.deputy.name), until) };
}

/** A bounded list (src/app/views/list-page.ts): one line per case shown, a count of the rest. */
function listText(title: string, cases: readonly Case[], actor: Actor): string {
  const page = firstPage(cases);
  const lines = page.shown.map((k) => `• *${k.number}*: ${caseView(k, actor)?.status ?? ''}`);
  if (page.more > 0) lines.push(moreLine(page.more));
  return `${title}\n${lines.join('\n')}`;
}
