// Connection strings are handled as text rather than with URL: a MongoDB URI may list several
// hosts ("mongodb://a:27017,b:27017/db"), which WHATWG URL rejects.
const URI_PATTERN = /^(mongodb(?:\+srv)?:\/\/)([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/;

/**
 * Returns the same connection string pointed at another database, keeping hosts, credentials and
 * options (verbatim). With credentials and no explicit authSource, the driver would authenticate
 * against the database in the path, so the original one (or "admin") is added as authSource.
 */
export function withDatabaseName(uri: string, dbName: string): string {
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(dbName)) throw new Error(`unsupported database name: ${JSON.stringify(dbName)}`);
  const match = URI_PATTERN.exec(uri.trim());
  if (!match) throw new Error(`not a MongoDB connection string: ${redactUri(uri)}`);
  const [, scheme = '', authority = '', path = '', query = ''] = match;
  const options = query.split('&').filter(Boolean);
  if (authority.includes('@') && !new URLSearchParams(query).has('authSource')) {
    options.push(`authSource=${encodeURIComponent(decodeURIComponent(path) || 'admin')}`);
  }
  return `${scheme}${authority}/${dbName}${options.length > 0 ? `?${options.join('&')}` : ''}`;
}

/** The connection string without its password, fit for logs. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/?#]*)@/, (_all, scheme: string, userInfo: string) => {
    const user = userInfo.split(':')[0] ?? '';
    return `${scheme}${user}${userInfo.includes(':') ? ':***' : ''}@`;
  });
}
