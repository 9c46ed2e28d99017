#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so `npx earshot …` works from a clean clone without a build step.
// Production images run the compiled `dist/src/cli/earshot.js` instead (see Dockerfile).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/earshot.ts');
