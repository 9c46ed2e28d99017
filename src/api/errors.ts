/** The API's error kinds; the error middleware turns each into its status and a JSON body. */

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
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: FieldIssue[]) => new ApiError(400, 'invalid_request', message, fields);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
