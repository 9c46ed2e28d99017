/** Remembers signed webhook ids in Redis, so a replayed delivery is refused. */
import type { Redis } from 'ioredis';
import { SIGNATURE_TOLERANCE_SEC } from './webhook-signature.ts';

export class WebhookReplayRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(sourceId: string, webhookId: string): string {
    return `${this.prefix}:webhook-seen:${sourceId}:${webhookId.slice(0, 200)}`;
  }

  /**
   * True the first time an id is seen for a source. Remembered for twice the timestamp
   * tolerance: older replays already fail the timestamp check.
   */
  async claim(sourceId: string, webhookId: string): Promise<boolean> {
    return (await this.redis.set(this.key(sourceId, webhookId), '1', 'EX', SIGNATURE_TOLERANCE_SEC * 2, 'NX')) === 'OK';
  }

  /** Forgets an id whose delivery was not processed, so the sender's retry (same id) gets through. */
  async release(sourceId: string, webhookId: string): Promise<void> {
    await this.redis.del(this.key(sourceId, webhookId)).catch(() => undefined);
  }
}
