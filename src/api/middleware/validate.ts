import type { z } from 'zod';
import { badRequest, type FieldIssue } from '../errors.ts';

export function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path].filter((p) => p !== undefined && p !== '').join('.') || (prefix ?? '(body)'),
    message: i.message,
  }));
}

/** Parses `value` with `schema` or throws a 400 that names every bad field under `where`. */
export function parseOr400<S extends z.ZodTypeAny>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`invalid ${where}`, zodIssues(result.error, where));
  return result.data;
}
