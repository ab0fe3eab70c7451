import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers of electron/core (electron/README.md draws them). Lint forbids each folder's upward imports by
// name; this test reads every import and also catches what a name pattern cannot: cycles between folders
// and between files, and a folder that is missing from the table.

const CORE = 'electron/core';
const CORE_LAYERS = (JSON.parse(readFileSync(`${CORE}/layers.json`, 'utf8')) as { layers: Record<string, number> }).layers;
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gu;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = normalize(join(dirname(from), spec)).replace(/\.js$/u, '');
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Every relative import from one core file to another, type-only imports included. */
function coreImports(files = sourceFiles(CORE)): Array<{ from: string; to: string }> {
  return files.flatMap((from) =>
    [...readFileSync(from, 'utf8').matchAll(IMPORT)]
      .map((match) => resolveImport(from, match[1] ?? match[2] ?? ''))
      .filter((to): to is string => to !== undefined && to.startsWith(`${CORE}/`))
      .map((to) => ({ from, to })),
  );
}

const folderOf = (file: string): string => relative(CORE, file).split('/')[0] ?? '';

function cycles(edges: Array<[string, string]>): string[] {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of edges) next.set(a, (next.get(a) ?? new Set()).add(b));
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === 'open') found.push([...path.slice(path.indexOf(to)), to].join(' -> '));
      else if (!state.has(to)) visit(to);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of next.keys()) if (!state.has(node)) visit(node);
  return found;
}

function upwardImports(imports: Array<{ from: string; to: string }>): string[] {
  return imports
    .filter(({ from, to }) => (CORE_LAYERS[folderOf(to)] ?? 0) > (CORE_LAYERS[folderOf(from)] ?? 0))
    .map(({ from, to }) => `${from} -> ${to}`);
}

const crossFolder = (imports: Array<{ from: string; to: string }>): Array<[string, string]> =>
  imports.filter(({ from, to }) => folderOf(from) !== folderOf(to)).map(({ from, to }) => [folderOf(from), folderOf(to)]);

describe('the layers of electron/core', () => {
  const imports = coreImports();

  it('reads the imports (the parser still matches the code)', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports).toContainEqual({ from: `${CORE}/app/kiosk-core.ts`, to: `${CORE}/observability/logger.ts` });
  });

  it('puts every core folder in a layer', () => {
    const folders = readdirSync(CORE, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !(folder in CORE_LAYERS))).toEqual([]);
  });

  it('has no import that runs up a layer', () => {
    expect(upwardImports(imports)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(cycles(crossFolder(imports))).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(cycles(imports.map(({ from, to }) => [from, to]))).toEqual([]);
  });

  it('would catch an upward import and a cycle (the checks are not vacuous)', () => {
    const planted = [...imports, { from: `${CORE}/storage/database.ts`, to: `${CORE}/app/kiosk-core.ts` }];
    expect(upwardImports(planted)).toContain(`${CORE}/storage/database.ts -> ${CORE}/app/kiosk-core.ts`);
    expect(cycles(crossFolder(planted)).length).toBeGreaterThan(0);
    expect(cycles(planted.map(({ from, to }): [string, string] => [from, to])).length).toBeGreaterThan(0);
  });
});
