/**
 * Bundles the web app (web/src → web/dist): one minified script and one stylesheet, assets from npm
 * packages only (Preact, uPlot), so the app works offline. Run by scripts/services.sh ensure, so
 * `npm test` and `npm run demo` build it on a fresh clone; web/dist is git-ignored.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../web/', import.meta.url));

await mkdir(`${root}dist/assets`, { recursive: true });
await build({
  entryPoints: { app: `${root}src/main.tsx` },
  outdir: `${root}dist/assets`,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(`${root}index.html`, `${root}dist/index.html`);
