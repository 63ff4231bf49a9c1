/** MongoDB's (and FerretDB's) duplicate key error: the signal that a unique index refused a write. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
