/** HMAC-SHA256 signatures for values handed to browsers (session cookies, share links), checked in constant time. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signature(value: string, secret: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function signatureMatches(value: string, presented: string, secret: string): boolean {
  const expected = Buffer.from(signature(value, secret));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `value.signature`; the value must not contain a dot. */
export function sign(value: string, secret: string): string {
  return `${value}.${signature(value, secret)}`;
}

/** The value of a `sign()` output, or null when the signature does not match. */
export function unsign(signed: string, secret: string): string | null {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  return signatureMatches(value, signed.slice(dot + 1), secret) ? value : null;
}
