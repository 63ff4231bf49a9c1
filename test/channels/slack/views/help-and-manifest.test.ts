import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { HELP_TEXT } from '../../../../src/channels/slack/views/help.text.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe('/lcp help', () => {
  test.each([
    '`/lcp`',
    '`/lcp report`',
    '`/lcp case <number>`',
    '`/lcp cases`',
    '`/lcp approvals`',
    '`/lcp delegate @person until YYYY-MM-DD`',
    '`/lcp help`',
  ])('lists %s', (command) => {
    expect(HELP_TEXT).toContain(command);
  });
});

describe('manifest/slack/manifest.yaml', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const manifest = load(readFileSync(join(root, 'manifest/slack/manifest.yaml'), 'utf8')) as any;

  test('names the app and its bot; home and messages tabs on', () => {
    expect(manifest.display_information.name).toBe('Limited Contact');
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toBe('Limited Contact');
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
  });

  test('/lcp with a usage hint, interactivity and events all at /slack/events', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/lcp', url: 'https://YOUR-HOST/slack/events' });
    expect(command.usage_hint).toEqual(expect.any(String));
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://YOUR-HOST/slack/events',
    });
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://YOUR-HOST/slack/events');
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'message.im']);
    expect(manifest.settings).toMatchObject({ socket_mode_enabled: false, org_deploy_enabled: false });
  });

  test('asks for exactly the bot scopes the app uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'im:history',
      'im:write',
      'users:read',
      'users:read.email',
    ]);
  });
});
