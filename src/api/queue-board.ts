/**
 * bull-board, the queue UI, for admins: inspect jobs, read a failed job's error, retry it.
 * Behind the same `adminOnly` chain as other admin pages, so a cookie session set in front of it
 * (`req.principal`) lets a browser in without a bearer key.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import { Router, type RequestHandler } from 'express';

export const QUEUE_BOARD_PATH = '/admin/queues';

export function queueBoard(queues: Record<string, Queue>, adminOnly: RequestHandler[]): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: Object.values(queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Earshot queues' } } });
  const router = Router();
  router.use(QUEUE_BOARD_PATH, ...adminOnly, adapter.getRouter() as Router);
  return router;
}
