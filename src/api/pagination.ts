import { badRequest } from './errors.ts';

export interface TimeCursor {
  publishedAt: Date;
  id: string;
}

/** Opaque cursors: base64url of `<ISO time>|<ObjectId>`. */
export function encodeCursor(c: TimeCursor): string {
  return Buffer.from(`${c.publishedAt.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(raw: string): TimeCursor {
  const [time, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const publishedAt = new Date(time ?? '');
  if (!id || !/^[0-9a-f]{24}$/.test(id) || Number.isNaN(publishedAt.getTime())) {
    throw badRequest('invalid query', [{ field: 'query.cursor', message: 'not a cursor returned by this API' }]);
  }
  return { publishedAt, id };
}
