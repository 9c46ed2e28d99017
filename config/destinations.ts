/**
 * Where alerts and digests go. A chat or HTTP destination names its body format: `webhook` (a
 * Standard Webhooks event, signed), `slack` (Block Kit) or `teams` (an Adaptive Card); an e-mail
 * destination names its recipients. `labels` routes alerts: a destination with labels gets only the
 * alerts of those brands, one without gets every alert (the all-brands ones included).
 */
import { z } from 'zod';

/** A Standard Webhooks secret: `whsec_` then the base64 of at least 16 random bytes. */
export function isValidWebhookSecret(secret: string): boolean {
  const m = /^whsec_([A-Za-z0-9+/=]{16,200})$/.exec(secret);
  return Boolean(m && Buffer.from(m[1]!, 'base64').length >= 16);
}

export const WEBHOOK_FORMATS = ['webhook', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Who reads a digest e-mail, and so which of its sections they get. */
export const DIGEST_ROLES = ['executive', 'marketing', 'support'] as const;
export type DigestRole = (typeof DIGEST_ROLES)[number];

const httpUrl = z
  .string()
  .url('must be an http(s) URL')
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
const labels = z.array(z.string().trim().min(1).max(100)).min(1, 'list at least one label, or leave labels out').optional();

export const destinationSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('webhook'), url: httpUrl, labels }).strict(),
  z.object({ format: z.literal('slack'), url: httpUrl, labels }).strict(),
  z.object({ format: z.literal('teams'), url: httpUrl, labels }).strict(),
  z.object({ format: z.literal('email'), to: z.array(z.string().email('must be an e-mail address')).min(1).max(100), labels }).strict(),
]);
export type Destination = z.infer<typeof destinationSchema>;
export type WebhookDestination = Extract<Destination, { url: string }>;

/** Whether an alert of this brand (null: all brands) goes to this destination. */
export function routesLabel(d: Destination, label: string | null): boolean {
  return !d.labels || (label !== null && d.labels.includes(label));
}
