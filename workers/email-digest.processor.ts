import { PermanentError } from '../src/domain/permanent.error.ts';
import { mailOrFail } from '../src/domain/alerts/destinations/deliver-mail.ts';
import { digestLink } from '../src/domain/alerts/destinations/links.ts';
import { digestEmail } from '../src/domain/digests/digest-email.ts';
import { svgToPng } from '../src/infra/svg-png.ts';
import type { Processor } from './processor.types.ts';

export const emailDigestProcessor: Processor<'email-digest'> = async ({ week, to, roles }, { container, job }) => {
  const digest = await container.analytics.digestRepo.get(week);
  if (!digest) throw new PermanentError(`digest ${week} not found`);
  const mail = digestEmail(digest, roles, { link: digestLink(container.config.api.publicUrl, week), rasterize: svgToPng });
  const { messageId } = await mailOrFail(container.mailer, {
    to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: mail.images.map((i) => ({ filename: i.filename, content: i.png, contentType: 'image/png', cid: i.cid })),
  });
  container.logger.info({ week, roles, messageId, attempt: job.attemptsMade + 1 }, 'digest_emailed');
  return { messageId };
};
