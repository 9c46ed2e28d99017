/**
 * Request headers whose values may name secrets: `Bearer ${ACME_TOKEN}` is stored as written and
 * filled from EARSHOT_SECRET_ACME_TOKEN at poll time, so no secret is ever stored in MongoDB.
 */
import { z } from 'zod';
import { SourceFetchError } from './connector.types.ts';

const SECRET_REF = /\$\{([A-Z0-9_]{1,64})\}/g;
const SENSITIVE = /^(authorization|proxy-authorization|cookie)$|key|token|secret|password|auth/i;

export const headersSchema = z
  .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'a header name'), z.string().max(2000))
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      if (SENSITIVE.test(name) && !/\$\{[A-Z0-9_]{1,64}\}/.test(value)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [name],
          message: 'credentials must name a secret, e.g. "Bearer ${ACME_TOKEN}" with EARSHOT_SECRET_ACME_TOKEN set; they are never stored',
        });
      }
    }
  })
  .default({});

/** Fills `${NAME}` references from the named secrets; a missing secret fails the poll, saying which. */
export function resolveHeaders(headers: Record<string, string> | undefined, secrets: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(headers ?? {})) {
    out[name] = template.replace(SECRET_REF, (_m, key: string) => {
      const value = secrets[key];
      if (value === undefined) throw new SourceFetchError(`secret ${key} is not set (EARSHOT_SECRET_${key})`);
      return value;
    });
  }
  return out;
}

/** A named secret's value, or undefined when it is not set. */
export function namedSecret(name: string | undefined, secrets: Record<string, string>): string | undefined {
  return name ? secrets[name] : undefined;
}
