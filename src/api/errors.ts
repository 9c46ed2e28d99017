/** The API's error kinds; the problem-details middleware turns each into its status and an RFC 9457 body. */

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldIssue[],
    /** Seconds a client should wait before trying again (sent as `Retry-After`). */
    readonly retryAfterSec?: number,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: FieldIssue[]) => new ApiError(400, 'invalid_request', message, fields);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
