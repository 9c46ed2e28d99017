import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';

/** The built web app (`npm run build:web`, run by scripts/services.sh ensure). */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

// Everything the app loads comes from this server: no CDN, no inline script.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Serves the web app at `/` and its bundled assets at `/assets/`. */
export function webRoutes(dist = WEB_DIST): Router {
  const router = Router();
  const headers: RequestHandler = (_req, res, next) => {
    res.set('Content-Security-Policy', CSP).set('X-Content-Type-Options', 'nosniff').set('Referrer-Policy', 'same-origin');
    next();
  };
  router.get('/', headers, (_req, res) => {
    if (!existsSync(`${dist}index.html`)) {
      res.status(503).type('text').send('The web app is not built: run `npm run build:web` (npm test and npm run demo do it).');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(`${dist}index.html`);
  });
  router.use('/assets', headers, express.static(`${dist}assets`, { index: false, maxAge: '1h' }));
  return router;
}
