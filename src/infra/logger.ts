import { pino, type Logger } from 'pino';

export type { Logger };

/** pino JSON logger; customer text, authors and secrets are redacted wherever they appear in a log object. */
export function createLogger(level: string, name = 'earshot'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['text', '*.text', 'author', '*.author', 'items', '*.items', 'authorization', '*.authorization', 'headers.authorization', 'apiKey', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  });
}
