/** Writes docs/openapi.json from the routes' zod schemas (a test fails when the file is stale). */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/api/openapi.ts';
import { VERSION } from '../src/version.ts';

const target = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(VERSION), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
