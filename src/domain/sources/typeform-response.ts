/**
 * Typeform's webhook: the `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, raw body)>`
 * header, and a `form_response` mapped to items: one per free-text answer (linked by
 * `meta.responseId`, the response token), with the NPS and rating answers on the first, so a
 * response counts once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { date, isObject, num, str, type Json } from './connectors/connector-util.ts';
import type { FetchedItem } from './connectors/connector.types.ts';
import type { TypeformSettings } from './connectors/typeform.connector.ts';

/** Whether `header` is Typeform's signature of `rawBody` under `secret` (the secret as entered in Typeform). */
export function verifyTypeformSignature(secret: string, header: string | undefined, rawBody: Buffer): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('base64')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const TEXT_TYPES = new Set(['short_text', 'long_text']);

/** The items of a `form_response` event, or null when the body is not one. */
export function mapTypeformResponse(body: unknown, settings: TypeformSettings): FetchedItem[] | null {
  const response = isObject(body) && isObject(body.form_response) ? body.form_response : null;
  if (!response || !Array.isArray(response.answers)) return null;
  const token = str(response.token);
  if (!token) return null;
  const definition = isObject(response.definition) && Array.isArray(response.definition.fields) ? response.definition.fields.filter(isObject) : [];
  const titleOf = (fieldId: string | undefined) => str(definition.find((f) => str(f.id) === fieldId)?.title);
  const answers = response.answers.filter(isObject).map((a) => ({ a, field: (isObject(a.field) ? a.field : {}) as Json }));
  const refOf = (field: Json) => str(field.ref) ?? str(field.id) ?? '';
  const pick = (ref: string | undefined, type: string) => answers.find(({ field }) => (ref ? refOf(field) === ref : field.type === type));
  const nps = num(pick(settings.npsField, 'nps')?.a.number);
  const rating = num(pick(settings.ratingField, 'rating')?.a.number);
  const author = str(answers.find(({ a }) => a.type === 'email')?.a.email);
  const texts = answers.filter(({ a, field }) => (settings.textFields ? settings.textFields.includes(refOf(field)) : TEXT_TYPES.has(str(field.type) ?? '')) && str(a.text)?.trim());
  const publishedAt = date(response.submitted_at);
  return texts.map(({ a, field }, i) => {
    const question = titleOf(str(field.id));
    return {
      externalId: `${token}:${refOf(field)}`.slice(0, 512),
      text: str(a.text)!,
      author,
      ...(i === 0 && nps !== undefined ? { nps } : {}),
      ...(i === 0 && rating !== undefined ? { rating } : {}),
      publishedAt,
      meta: { responseId: token.slice(0, 200), ...(question ? { question: question.slice(0, 200) } : {}), ...(str(response.form_id) ? { form: str(response.form_id)!.slice(0, 200) } : {}) },
    };
  });
}
