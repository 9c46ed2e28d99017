/** E-mail delivery jobs share this: send, turning a permanent SMTP refusal into a non-retryable failure. */
import { UnrecoverableError } from 'bullmq';
import { MailDeliveryError, type Mailer, type MailMessage } from '../../../infra/mailer.ts';

export async function mailOrFail(mailer: Mailer | null, message: MailMessage): Promise<{ messageId: string }> {
  if (!mailer) throw new UnrecoverableError('EARSHOT_SMTP_URL is not set: cannot send e-mail');
  try {
    return await mailer.send(message);
  } catch (err) {
    // Retryable failures are rethrown so the queue's exponential backoff applies.
    if (err instanceof MailDeliveryError && !err.retryable) throw new UnrecoverableError(err.message);
    throw err;
  }
}
