import { generateKeyPairSync, type KeyObject } from 'node:crypto';
// jsonwebtoken comes with botframework-connector (it verifies tokens with it); only tests sign with it.
import jwt from 'jsonwebtoken';
import nock from 'nock';

// Tokens the Bot Framework channel service would send, signed by a key this test publishes as the
// Bot Framework's JWKS (nock answers the OpenID metadata), and the bot's own outbound token from
// the tenant's token endpoint (MSAL), so a turn runs exactly as it does behind a real Azure Bot.
// (The same set-up as test/channels/teams/teams-auth.test.ts, for the security tests.)

const OPENID_HOST = 'https://login.botframework.com';
const ISSUER = 'https://api.botframework.com';
const KID = 'lcp-security-key';

export class BotFrameworkTokens {
  private readonly privateKey: KeyObject;

  constructor(private readonly appId: string) {
    this.privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }

  /** Answers the Bot Framework's OpenID metadata and keys, and MSAL's token calls for these tenants. */
  mockIdentityServices(tenants: string[]): void {
    const jwk = this.privateKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
    nock(OPENID_HOST)
      .persist()
      .get('/v1/.well-known/openidconfiguration')
      .reply(200, {
        issuer: ISSUER,
        authorization_endpoint: `${OPENID_HOST}/v1/auth`,
        jwks_uri: `${OPENID_HOST}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      })
      .get('/v1/.well-known/keys')
      .reply(200, {
        keys: [
          {
            kty: jwk.kty,
            n: jwk.n,
            e: jwk.e,
            kid: KID,
            use: 'sig',
            alg: 'RS256',
            endorsements: ['msteams', 'webchat', 'directline'],
          },
        ],
      });
    const scope = nock('https://login.microsoftonline.com').persist();
    scope.get(/\/discovery\/instance/).reply(200, (uri: string) => {
      const tenant =
        /authorization=https?%3A%2F%2Flogin\.microsoftonline\.com%2F([^%]+)%2F/.exec(uri)?.[1] ?? tenants[0]!;
      const login = `https://login.microsoftonline.com/${tenant}`;
      return {
        tenant_discovery_endpoint: `${login}/v2.0/.well-known/openid-configuration`,
        api_version: '1.1',
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: ['login.microsoftonline.com', 'login.windows.net'],
          },
        ],
      };
    });
    for (const tenant of tenants) {
      const login = `https://login.microsoftonline.com/${tenant}`;
      scope
        .get(`/${tenant}/v2.0/.well-known/openid-configuration`)
        .reply(200, {
          issuer: `${login}/v2.0`,
          authorization_endpoint: `${login}/oauth2/v2.0/authorize`,
          token_endpoint: `${login}/oauth2/v2.0/token`,
          end_session_endpoint: `${login}/oauth2/v2.0/logout`,
          jwks_uri: `${login}/discovery/v2.0/keys`,
        })
        .post((path) => path.startsWith(`/${tenant}/oauth2/v2.0/token`))
        .reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'outbound-token' });
    }
  }

  /** `Bearer <token>` for this app and service URL (the token's serviceurl claim). */
  header(serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    return `Bearer ${jwt.sign({ serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 }, this.privateKey, { algorithm: 'RS256', keyid: KID, issuer: ISSUER, audience: this.appId })}`;
  }
}
