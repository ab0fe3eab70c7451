import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const MACHINE = 'electron/core/bookings/ticket-state-machine.ts';
const REPOSITORY = 'electron/core/storage/repositories/bookings.repository.ts';

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(path);
    return /\.(ts|vue|mjs|js)$/u.test(entry.name) ? [path] : [];
  });
}

const files = ['electron', 'shared', 'renderer'].flatMap(sources).map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

describe('one owner of ticket states', () => {
  it("only the ticket state machine calls the repository's state writers (setState, startReprint)", () => {
    const callers = files
      .filter(({ file, text }) => file !== MACHINE && file !== REPOSITORY && /\.(setState|startReprint)\s*\(/u.test(text))
      .map(({ file }) => file);
    expect(callers).toEqual([]);
    expect(files.find(({ file }) => file === MACHINE)?.text).toMatch(/bookings\.setState\(/u);
  });

  it("no SQL outside the bookings repository writes a ticket's state", () => {
    const writers = files
      .filter(({ file, text }) => file !== REPOSITORY && !file.includes('/migrations/') && /UPDATE\s+tickets\b/iu.test(text))
      .map(({ file }) => relative(ROOT, join(ROOT, file)));
    expect(writers).toEqual([]);
  });
});
