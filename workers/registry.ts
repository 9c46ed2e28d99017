import { classifyBatchProcessor } from './classify-batch.processor.ts';
import { pollSourceProcessor } from './poll-source.processor.ts';
import type { ProcessorRegistry } from './processor.types.ts';
import { buildDigestProcessor } from './build-digest.processor.ts';
import { deliverAlertProcessor } from './deliver-alert.processor.ts';
import { deliverDigestProcessor } from './deliver-digest.processor.ts';
import { detectAlertsProcessor } from './detect-alerts.processor.ts';
import { emailAlertProcessor } from './email-alert.processor.ts';
import { emailDigestProcessor } from './email-digest.processor.ts';
import { purgeRetentionProcessor } from './purge-retention.processor.ts';

export const PROCESSORS: ProcessorRegistry = {
  'poll-source': pollSourceProcessor,
  'classify-batch': classifyBatchProcessor,
  'detect-alerts': detectAlertsProcessor,
  'deliver-alert': deliverAlertProcessor,
  'email-alert': emailAlertProcessor,
  'build-digest': buildDigestProcessor,
  'deliver-digest': deliverDigestProcessor,
  'email-digest': emailDigestProcessor,
  'purge-retention': purgeRetentionProcessor,
};
