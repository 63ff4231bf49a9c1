import { ConfigError, loadSettings } from '../src/config.js';

describe('settings', () => {
  test('with nothing set, the defaults run a local development instance', () => {
    expect(loadSettings({})).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3978,
      MONGODB_DB_NAME: 'limited_contact',
      LCP_DATA_DIR: './.data',
      LOG_LEVEL: 'info',
    });
  });

  test('a bad setting stops start-up with its name, what is expected and what was given', () => {
    expect(() => loadSettings({ PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadSettings({ PORT: '99999' })).toThrow(/PORT: expected a TCP port from 1 to 65535 \(got "99999"\)/);
    expect(() => loadSettings({ MONGODB_URI: 'http://db' })).toThrow(
      /MONGODB_URI: expected a connection string starting mongodb:\/\//,
    );
  });

  test('production refuses to start without a configured database', () => {
    expect(() => loadSettings({ NODE_ENV: 'production' })).toThrow(/MONGODB_URI: expected the production database/);
    const teams = {
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002',
    };
    const links = { LCP_DOWNLOAD_SECRET: 'x'.repeat(32), LCP_PUBLIC_URL: 'https://lcp.example.org' };
    expect(
      loadSettings({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.internal:27017/lcp', ...teams, ...links })
        .MONGODB_URI,
    ).toBe('mongodb://db.internal:27017/lcp');
  });

  test('production refuses to start without a shared link secret and the public URL, naming both', () => {
    const teams = {
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002',
    };
    expect(() =>
      loadSettings({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.internal:27017/lcp', ...teams }),
    ).toThrow(/LCP_DOWNLOAD_SECRET: expected a secret[\s\S]*LCP_PUBLIC_URL: expected this service's public URL/);
  });

  test('production without an app id runs with Teams off; an app id needs its secret', () => {
    const links = { LCP_DOWNLOAD_SECRET: 'x'.repeat(32), LCP_PUBLIC_URL: 'https://lcp.example.org' };
    expect(
      loadSettings({ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.internal:27017/lcp', ...links })
        .MICROSOFT_APP_ID,
    ).toBeUndefined();
    expect(() => loadSettings({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001' })).toThrow(
      /MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID/,
    );
  });

  test('e-mail dispatch of letters: SMTP_URL and LCP_MAIL_FROM both or neither; a bad URL is named without echoing it (issue 12 §5)', () => {
    expect(loadSettings({}).SMTP_URL).toBeUndefined();
    expect(
      loadSettings({
        SMTP_URL: 'smtp://u:p@mail.example.org:587',
        LCP_MAIL_FROM: 'LHP Housing <letters@lhp.example.org>',
      }),
    ).toMatchObject({ SMTP_URL: 'smtp://u:p@mail.example.org:587' });
    expect(() => loadSettings({ SMTP_URL: 'smtp://mail.example.org' })).toThrow(
      /LCP_MAIL_FROM: expected the From address/,
    );
    expect(() => loadSettings({ LCP_MAIL_FROM: 'letters@lhp.example.org' })).toThrow(
      /SMTP_URL: expected the mail server/,
    );
    expect(() => loadSettings({ SMTP_URL: 'http://secret-password@x', LCP_MAIL_FROM: 'a@b.org' })).toThrow(
      /SMTP_URL: expected a URL such as smtp:\/\/.* \(value not shown\)/,
    );
    try {
      loadSettings({ SMTP_URL: 'http://secret-password@x', LCP_MAIL_FROM: 'a@b.org' });
    } catch (error) {
      expect(String(error)).not.toContain('secret-password');
    }
    expect(() => loadSettings({ SMTP_URL: 'smtp://x', LCP_MAIL_FROM: 'not an address' })).toThrow(
      /LCP_MAIL_FROM: expected an e-mail address/,
    );
  });

  test('a refusal of all contact lasts 6 months by default, at most 12; a default above the maximum is refused (§31)', () => {
    expect(loadSettings({})).toMatchObject({ LCP_REFUSAL_DEFAULT_MONTHS: 6, LCP_REFUSAL_MAX_MONTHS: 12 });
    expect(() => loadSettings({ LCP_REFUSAL_MAX_MONTHS: '18' })).toThrow(
      /LCP_REFUSAL_MAX_MONTHS: expected at most 12 months/,
    );
    expect(() => loadSettings({ LCP_REFUSAL_DEFAULT_MONTHS: '9', LCP_REFUSAL_MAX_MONTHS: '6' })).toThrow(
      /LCP_REFUSAL_DEFAULT_MONTHS: expected at most LCP_REFUSAL_MAX_MONTHS \(6\)/,
    );
  });
});
