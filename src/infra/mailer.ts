/**
 * Outgoing e-mail over SMTP (nodemailer), one transport per process; `smtp://` upgrades with
 * STARTTLS when the server offers it, `smtps://` is TLS from the start. SMTP answers in the 5xx
 * range will not change on retry; everything else (a 4xx greylisting, a refused or dropped
 * connection) is retryable.
 */
import nodemailer from 'nodemailer';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Referenced from the HTML as `cid:<cid>` (an inline image). */
  cid?: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string; response: string }>;
  /** Safe to call twice. */
  close(): void;
}

export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

export function createMailer(settings: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(settings.smtpUrl, { from: settings.from });
  let closed = false;
  return {
    async send(m) {
      try {
        const info = await transport.sendMail({ to: m.to, subject: m.subject, text: m.text, html: m.html, attachments: m.attachments });
        return { messageId: info.messageId, response: info.response };
      } catch (err) {
        const e = err as Error & { responseCode?: number; code?: string };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        // The SMTP URL may carry a password: never echo the error's connection details, only its kind and answer.
        throw new MailDeliveryError(`smtp ${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}: ${e.message}`, !permanent, e.responseCode);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}
