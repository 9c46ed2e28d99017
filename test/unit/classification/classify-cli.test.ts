import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/earshot.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], input: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('earshot classify', () => {
  it('writes one result per line, in order, and an error line for a malformed line', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: '@shop my parcel never arrived, please refund me' }),
      '{"id": "b", "text": ',
      JSON.stringify({ id: 'c', rating: 4 }),
      JSON.stringify({ id: 'd', text: 'Highly recommend, tell your friends!', nps: 10, kind: 'survey' }),
      JSON.stringify({ id: 'e', text: 'fine', rating: 9 }),
    ].join('\n');
    const { code, stdout } = await run(['classify'], `${input}\n`);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'c', 'd', 'e']);
    expect(lines[0]).toMatchObject({ category: 'complaint', language: 'en' });
    expect(lines[1]).toEqual({ id: null, error: expect.stringContaining('JSON') });
    expect(lines[2]).toEqual({ id: 'c', error: expect.stringContaining('text') });
    expect(lines[3]).toMatchObject({ category: 'advocacy', advocacy: true });
    expect(lines[4]).toEqual({ id: 'e', error: expect.stringContaining('rating') });
  }, 30_000);

  it('streams thousands of lines', async () => {
    const n = 5000;
    const input = Array.from({ length: n }, (_, i) => JSON.stringify({ id: String(i), text: `order ${i} arrived late again` })).join('\n');
    const { code, stdout } = await run(['classify'], input);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(n);
    expect((JSON.parse(lines[n - 1]!) as { id: string }).id).toBe(String(n - 1));
  }, 60_000);

  it('exits non-zero on a usage error', async () => {
    const { code, stderr } = await run(['classify', '--bogus'], '');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option');
  }, 30_000);
});
