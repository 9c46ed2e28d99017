/**
 * Work that can never succeed as given (a missing record, a refused request, missing
 * configuration): the job fails at once instead of retrying. Any other error is retried with
 * backoff; workers/job-failure.ts makes that call for every job.
 */
export class PermanentError extends Error {
  override name = 'PermanentError';
}
