import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';

const BIN = fileURLToPath(new URL('../../../bin/earshot.js', import.meta.url));
const COMMANDS = ['classify', 'api', 'worker', 'demo', 'import', 'import-customers', 'retry-failed', 'erase', 'export-corrections'];
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

describe('earshot CLI', () => {
  it('prints help on stdout and exits 0, listing every command', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      for (const name of COMMANDS) expect(r.out).toContain(`  ${name} `);
    }
  });

  it('prints the package version', async () => {
    expect(await cli('--version')).toEqual({ code: 0, out: `${VERSION}\n`, err: '' });
    expect((await cli('-v')).out).toBe(`${VERSION}\n`);
  });

  it('prints each command’s help without starting anything', async () => {
    // A Redis and store that do not exist: any attempt to start would fail or hang.
    for (const name of COMMANDS) {
      const r = await cli(name, '--help');
      expect({ name, code: r.code, err: r.err }).toEqual({ name, code: 0, err: '' });
      expect(r.out).toMatch(new RegExp(`^usage: earshot ${name}\\b`));
      expect((await cli('help', name)).out).toBe(r.out);
    }
  });

  it('answers unknown commands, unknown options and missing arguments the same way: a message, the usage, exit 2', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^earshot: unknown command "frobnicate"/);
    const option = await cli('api', '--bogus');
    expect(option.code).toBe(2);
    expect(option.err).toMatch(/^earshot api: unknown option '--bogus'\n/);
    expect(option.err).toContain('usage: earshot api');
    const missing = await cli('import-customers');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^earshot import-customers: missing argument/);
    const extra = await cli('worker', 'now');
    expect(extra.err).toMatch(/^earshot worker: unexpected argument "now"/);
    const badValue = await cli('export-corrections', '--since', 'yesterday-ish');
    expect(badValue.code).toBe(2);
    expect(badValue.err).toMatch(/^earshot export-corrections: --since: not a date/);
  });

  it('reports a bad environment value in one line, not a stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'api'], {
      env: { ...process.env, NODE_ENV: 'test', EARSHOT_API_PORT: '99999', EARSHOT_LOG_LEVEL: 'loud' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^earshot api: invalid configuration: EARSHOT_API_PORT: .+; EARSHOT_LOG_LEVEL: /);
    expect(stderr).not.toMatch(/\bat \S+:\d+/);
  });
});
