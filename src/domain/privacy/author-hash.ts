import { createHmac } from 'node:crypto';

/**
 * A salted, keyed hash of an author handle or e-mail: lets us link one author's feedback
 * (and match it to a customer's identities) without ever storing who they are.
 */
export function hashAuthor(handle: string | undefined | null, salt: string): string | null {
  if (!handle) return null;
  const normalised = handle.trim().toLowerCase().replace(/^@/, '');
  if (!normalised) return null;
  return createHmac('sha256', salt).update(normalised).digest('hex').slice(0, 32);
}
