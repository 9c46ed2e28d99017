/** Validation of source definitions from the API: common fields, then the type's own settings. */
import { z } from 'zod';
import { isPrivateLiteralHost } from '../../infra/http/ssrf-guard.ts';
import { FEEDBACK_KINDS } from '../classification/classification.types.ts';
import { SOURCE_TYPES, connectorFor, type SourceType } from './connectors/index.ts';

const httpUrl = z
  .string()
  .url()
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

const commonFields = {
  name: z.string().trim().min(1).max(200),
  url: httpUrl,
  kind: z.enum(FEEDBACK_KINDS),
  label: z.string().trim().min(1).max(100),
  pollIntervalSec: z.number().int().min(10).max(7 * 86_400),
  enabled: z.boolean(),
  settings: z.record(z.unknown()),
  include: z.array(z.string().trim().min(1).max(100)).max(200),
  exclude: z.array(z.string().trim().min(1).max(100)).max(200),
};

export const createSourceSchema = z
  .object({
    type: z.enum(SOURCE_TYPES),
    ...commonFields,
    name: commonFields.name.optional(),
    /** Optional for types with a public default endpoint, and for push sources. */
    url: commonFields.url.optional(),
    include: commonFields.include.default([]),
    exclude: commonFields.exclude.default([]),
    pollIntervalSec: commonFields.pollIntervalSec.default(300),
    enabled: commonFields.enabled.default(true),
    settings: commonFields.settings.default({}),
  })
  .strict()
  .transform((input, ctx) => {
    const connector = connectorFor(input.type);
    const url = input.url ?? connector.defaultUrl ?? (connector.polled === false ? '' : undefined);
    if (url === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['url'], message: `required for ${input.type} sources` });
      return z.NEVER;
    }
    return { ...input, url };
  });

export const updateSourceSchema = z.object(commonFields).partial().strict();

export type CreateSourceInput = z.infer<typeof createSourceSchema>;
export type UpdateSourceInput = z.infer<typeof updateSourceSchema>;

/** Validates `settings` against the connector of `type`; returns the parsed settings or the issues. */
export function parseSourceSettings(
  type: SourceType,
  settings: unknown,
): { ok: true; settings: Record<string, unknown> } | { ok: false; issues: Array<{ path: string; message: string }> } {
  const result = connectorFor(type).settingsSchema.safeParse(settings ?? {});
  if (result.success) return { ok: true, settings: (result.data ?? {}) as Record<string, unknown> };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: ['settings', ...i.path].join('.'), message: i.message })),
  };
}

/**
 * Refused at registration: a URL naming a private, loopback, link-local or metadata address
 * literally (in any spelling) or `localhost`. Names that resolve to such addresses are refused
 * when the poller connects.
 */
export function privateUrlIssue(url: string): { path: string; message: string } | null {
  if (!url || !isPrivateLiteralHost(new URL(url))) return null;
  return { path: 'url', message: 'names a private, loopback or link-local address (set EARSHOT_ALLOW_PRIVATE_SOURCES=true to allow)' };
}
