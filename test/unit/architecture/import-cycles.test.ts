/**
 * Keeps imports one-way: no file imports itself through others, and no folder loops (a folder
 * importing another that imports it back, directly or round a longer cycle). Wiring belongs to
 * the composition root (src/app/compose.ts), which nothing under src/domain or src/infra imports.
 */
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOTS = ['config', 'src', 'workers'];

/** The folder a file belongs to for loop checks: each area under src/domain, else the top folder under src. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src' && parts[1] === 'domain' && parts.length > 3) return `src/domain/${parts[2]}`;
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0]!;
}

/** Strongly connected components with more than one folder (Tarjan): each one is a loop. */
function folderLoops(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) loops.push(component.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return loops;
}

describe('imports', async () => {
  const graph = await madge(ROOTS, { baseDir: process.cwd(), fileExtensions: ['ts'] });
  const files = graph.obj();

  it('sees the code base', () => {
    expect(Object.keys(files).length).toBeGreaterThan(100);
    expect(files['src/app/compose.ts']).toContain('src/domain/trends/trend-counter.repository.ts');
  });

  it('have no file cycles', () => {
    expect(graph.circular()).toEqual([]);
  });

  it('have no folder loops', () => {
    const edges = new Map<string, Set<string>>();
    for (const [file, imports] of Object.entries(files)) {
      const from = folderOf(file);
      const to = edges.get(from) ?? edges.set(from, new Set()).get(from)!;
      for (const imported of imports) if (folderOf(imported) !== from) to.add(folderOf(imported));
    }
    expect(folderLoops(edges)).toEqual([]);
  });
});
