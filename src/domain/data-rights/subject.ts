/**
 * A data subject as Earshot knows them: the salted hashes of the handles and e-mails they are
 * asked about, hashed exactly as ingest hashes authors (author-hash.ts). The raw identifiers go no
 * further than this module: nothing stores or logs them.
 */
import { z } from 'zod';
import { hashAuthor } from '../privacy/author-hash.ts';

export interface Subject {
  hashes: string[];
  /** Only this source's items (and their cases and signals); customer links are kept. */
  sourceId?: string;
  /** How many identifiers were asked about (for the audit record). */
  identifiers: number;
}

const identifier = z.string().trim().min(1, 'must not be empty').max(320, 'at most 320 characters');

/** `author` once or repeated (query), or a list (JSON body); `source` optional. */
export const subjectRequestSchema = z.object({
  author: z.union([identifier, z.array(identifier).min(1).max(100)]),
  source: z.string().trim().min(1).max(100).optional(),
});

export type SubjectRequest = z.infer<typeof subjectRequestSchema>;

export class EmptySubjectError extends Error {
  override name = 'EmptySubjectError';
}

export function subjectOf(authors: string[], salt: string, sourceId?: string): Subject {
  const hashes = [...new Set(authors.map((a) => hashAuthor(a, salt)).filter((h): h is string => h !== null))];
  if (hashes.length === 0) throw new EmptySubjectError('no identifier left after normalising (a lone "@"?)');
  return { hashes, identifiers: authors.length, ...(sourceId ? { sourceId } : {}) };
}
