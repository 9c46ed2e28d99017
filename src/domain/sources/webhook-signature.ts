/**
 * Webhook signing secrets and the Standard Webhooks signature scheme: HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${raw body}`, keyed with the base64 part of a `whsec_` secret,
 * sent as `webhook-signature: v1,<base64>` (several space-separated signatures allowed, for rotation).
 * Secrets are stored AES-256-GCM encrypted under EARSHOT_SECRETS_KEY, because verifying needs the secret itself.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EncryptedSecret } from './source.model.ts';

export const SIGNATURE_TOLERANCE_SEC = 5 * 60;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

const keyFrom = (secretsKey: string) => createHash('sha256').update(`earshot-secret-box\u0000${secretsKey}`).digest();

export function encryptSecret(secret: string, secretsKey: string): EncryptedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secretsKey), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Throws when the key is wrong or the ciphertext was tampered with. */
export function decryptSecret(box: EncryptedSecret, secretsKey: string): string {
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secretsKey), Buffer.from(box.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]).toString('utf8');
}

/** The `v1,<base64>` signature of a message, as a sender computes it. */
export function signWebhook(secret: string, id: string, timestampSec: number, rawBody: Buffer | string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSec}.`).update(rawBody).digest('base64');
  return `v1,${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks the headers of a Standard Webhooks delivery against the raw body, in constant time. */
export function verifyWebhook(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  rawBody: Buffer,
  nowSec = Math.floor(Date.now() / 1000),
): SignatureCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not unix seconds' };
  if (Math.abs(nowSec - Number(timestamp)) > SIGNATURE_TOLERANCE_SEC) return { ok: false, reason: 'webhook-timestamp is more than 5 minutes off' };
  const expected = Buffer.from(signWebhook(secret, id, Number(timestamp), rawBody).slice(3), 'base64');
  for (const candidate of signature.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'signature does not match' };
}
