import { createHmac } from 'node:crypto';
import type { FormField, FormSpec, FormValues } from '../../../src/app/forms/form-types.js';

/** Signs a body as Slack does (v0 HMAC-SHA256 over "v0:timestamp:body"). */
export function slackHeaders(
  body: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
  extra: Record<string, string> = {},
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
    ...extra,
  };
}

export function slashCommandBody(
  user: string,
  text: string,
  channel = 'D-CHANNEL',
  responseUrl = 'https://hooks.slack.invalid/commands/1',
): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T1',
    team_domain: 'lhp',
    channel_id: channel,
    channel_name: 'directmessage',
    user_id: user,
    user_name: user,
    command: '/lcp',
    text,
    api_app_id: 'A1',
    response_url: responseUrl,
    trigger_id: `trigger-${Math.random()}`,
  }).toString();
}

export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function blockActionPayload(
  user: string,
  actionId: string,
  value: string,
  channel = 'D-CHANNEL',
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: user, username: user, team_id: 'T1' },
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'lhp' },
    container: { type: 'message', message_ts: '1.0', channel_id: channel, is_ephemeral: false },
    trigger_id: `trigger-${Math.random()}`,
    channel: { id: channel, name: 'directmessage' },
    message: { ts: '1.0', text: '' },
    response_url: 'https://hooks.slack.invalid/actions/1',
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'actions',
        value,
        action_ts: String(Date.now() / 1000),
        text: { type: 'plain_text', text: 'x' },
      },
    ],
  };
}

/** The `view.state.values` Slack sends for a form filled in with `values`. */
export function stateFor(spec: FormSpec, values: FormValues): Record<string, Record<string, Record<string, unknown>>> {
  const state: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const field of spec.fields) state[field.id] = { [field.id]: elementState(field, values[field.id]) };
  return state;
}

function elementState(field: FormField, value: string | string[] | undefined): Record<string, unknown> {
  const one = Array.isArray(value) ? value[0] : value;
  switch (field.kind) {
    case 'select':
      return {
        type: 'static_select',
        selected_option: one ? { text: { type: 'plain_text', text: one }, value: one } : null,
      };
    case 'yesno':
      return {
        type: 'radio_buttons',
        selected_option: one ? { text: { type: 'plain_text', text: one }, value: one } : null,
      };
    case 'multiselect':
      return {
        type: 'multi_static_select',
        selected_options: (Array.isArray(value) ? value : value ? [value] : []).map((v) => ({
          text: { type: 'plain_text', text: v },
          value: v,
        })),
      };
    case 'date':
      return { type: 'datepicker', selected_date: one ?? null };
    case 'time':
      return { type: 'timepicker', selected_time: one ?? null };
    case 'datetime':
      return { type: 'datetimepicker', selected_date_time: one ? Math.floor(Date.parse(one) / 1000) : null };
    case 'number':
      return { type: 'number_input', value: one ?? null };
    default:
      return { type: 'plain_text_input', value: one ?? null };
  }
}

export function viewSubmissionPayload(
  user: string,
  callbackId: string,
  viewId: string,
  state: Record<string, unknown>,
  privateMetadata = '',
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'lhp' },
    user: { id: user, username: user, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trigger-${Math.random()}`,
    view: {
      id: viewId,
      team_id: 'T1',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      hash: 'h',
      state: { values: state },
      blocks: [],
      title: { type: 'plain_text', text: 'x' },
    },
  };
}
