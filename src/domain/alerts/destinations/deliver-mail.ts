/** E-mail delivery jobs share this (workers/job-failure.ts decides on retries: a permanent SMTP refusal is not retried). */
import type { Mailer, MailMessage } from '../../../infra/mailer.ts';
import { PermanentError } from '../../permanent.error.ts';

export async function mailOrFail(mailer: Mailer | null, message: MailMessage): Promise<{ messageId: string }> {
  if (!mailer) throw new PermanentError('EARSHOT_SMTP_URL is not set: cannot send e-mail');
  return mailer.send(message);
}
