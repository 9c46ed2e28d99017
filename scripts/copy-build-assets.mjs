// After `tsc -p tsconfig.build.json`: copies what the compiled code reads at run time beside it
// (the model, the web bundle, the demo's sample files, any non-TypeScript file under src/: Lua
// scripts too), keeping relative paths.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
cpSync(join(root, 'models'), join(root, 'dist/models'), { recursive: true });
// The web app's bundle (npm run build:web), served at `/` from dist/web/dist.
if (existsSync(join(root, 'web/dist'))) cpSync(join(root, 'web/dist'), join(root, 'dist/web/dist'), { recursive: true });
const walk = (dir) => {
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) walk(rel);
    else if (!rel.endsWith('.ts')) cpSync(join(root, rel), join(root, 'dist', rel));
  }
};
walk('src');
