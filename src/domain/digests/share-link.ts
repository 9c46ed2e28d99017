/** Share links for one weekly digest: the week and an expiry, signed, so the link opens without a key until then. */
import { signature, signatureMatches } from '../signed-value.ts';

export type ShareLinkCheck = 'valid' | 'invalid' | 'expired';

const payload = (week: string, expires: number) => `digest-share|${week}|${expires}`;

export function shareLinkPath(week: string, expiresAt: Date, secret: string): string {
  const expires = expiresAt.getTime();
  return `/share/digests/${week}?expires=${expires}&signature=${signature(payload(week, expires), secret)}`;
}

/** The signature is checked before the expiry, so an altered expiry reads as invalid, not expired. */
export function checkShareLink(week: string, expires: string, presented: string, secret: string, now = new Date()): ShareLinkCheck {
  const at = Number(expires);
  if (!/^\d{1,15}$/.test(expires) || !signatureMatches(payload(week, at), presented, secret)) return 'invalid';
  return at <= now.getTime() ? 'expired' : 'valid';
}
