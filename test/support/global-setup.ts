/** Fails the run at once, with the fix, when Redis or the MongoDB-compatible store is not reachable. */
import { Socket } from 'node:net';
import { DEFAULTS } from '../../config/defaults.ts';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url.replace(/^mongodb(\+srv)?:/, 'http:').replace(/^rediss?:/, 'http:'));
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || defaultPort);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}

export default async function setup(): Promise<void> {
  const redis = process.env.REDIS_URL ?? DEFAULTS.redisUrl;
  const mongo = process.env.MONGODB_URI ?? DEFAULTS.mongodbUri;
  const missing = [];
  if (!(await reachable(redis, 6379))) missing.push(`Redis at ${redis}`);
  if (!(await reachable(mongo, 27017))) missing.push(`MongoDB-compatible store at ${mongo}`);
  if (missing.length) {
    throw new Error(`cannot reach ${missing.join(' and ')}: run \`npm test\` (it starts them) or \`npm run services\``);
  }
}
