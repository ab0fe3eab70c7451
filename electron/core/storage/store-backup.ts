import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupRepository } from './repositories/backup.repository';

const NAME = /^kiosk-(\d{4}-\d{2}-\d{2})\.sqlite$/u;
const DAY_MS = 86_400_000;

export interface BackupFile {
  path: string;
  date: string;
  bytes: number;
  madeAt: number;
}

/** The cinema's calendar date of an instant (backups are named by the day the cinema lives in). */
export function cinemaDate(epochMs: number, offsetMinutes: number): string {
  return new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => ({ file, m: NAME.exec(file) }))
    .filter((f): f is { file: string; m: RegExpExecArray } => f.m !== null)
    .map(({ file, m }) => {
      const stat = statSync(join(dir, file));
      return { path: join(dir, file), date: m[1]!, bytes: stat.size, madeAt: stat.mtimeMs };
    })
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Copies the store to `<dir>/kiosk-YYYY-MM-DD.sqlite` (cinema date), readable by its owner only.
 * Written under a temporary name first: a half-written copy never carries a backup's name.
 * A second backup the same day replaces the first.
 */
export function makeBackup(repository: BackupRepository, dir: string, epochMs: number, offsetMinutes: number): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, `kiosk-${cinemaDate(epochMs, offsetMinutes)}.sqlite`);
  const partial = `${target}.partial`;
  if (existsSync(partial)) unlinkSync(partial);
  repository.copyInto(partial);
  chmodSync(partial, 0o600);
  renameSync(partial, target);
  return target;
}

/** Deletes the backups whose cinema date is more than keepDays before today's; answers what it deleted. */
export function pruneBackups(dir: string, keepDays: number, epochMs: number, offsetMinutes: number): string[] {
  const oldestKept = cinemaDate(epochMs - (keepDays - 1) * DAY_MS, offsetMinutes);
  const old = listBackups(dir).filter((b) => b.date < oldestKept);
  for (const b of old) unlinkSync(b.path);
  return old.map((b) => b.path);
}

export interface BackupSchedule {
  dir: string;
  keepDays: number;
  /** HH:MM, cinema wall clock. */
  at: string;
  offsetMinutes: number;
}

/**
 * Nightly backups: one at the configured cinema time each day, and one at start when the newest is
 * more than a day old (a kiosk switched off at night still gets its copies). Failures are reported,
 * never thrown: a failing backup must not stop the kiosk, but someone must hear of it.
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private nightlyDoneFor: string | undefined;

  constructor(
    private readonly deps: {
      repository: BackupRepository;
      now: () => number;
      onDone: (path: string, pruned: string[]) => void;
      onFailure: (error: Error) => void;
    },
    private readonly schedule: () => BackupSchedule,
  ) {}

  start(checkEveryMs = 60_000): void {
    const newest = listBackups(this.schedule().dir).at(-1);
    if (!newest || this.deps.now() - newest.madeAt > DAY_MS) this.run();
    // Past tonight's time with a copy of today already there: the next nightly one is tomorrow's.
    const { at, offsetMinutes, dir } = this.schedule();
    const now = this.deps.now();
    const today = cinemaDate(now, offsetMinutes);
    if (new Date(now + offsetMinutes * 60_000).toISOString().slice(11, 16) >= at && listBackups(dir).some((b) => b.date === today))
      this.nightlyDoneFor = today;
    this.timer = setInterval(() => this.tick(), checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Makes tonight's backup once the cinema's clock has passed the backup time, once a cinema day. */
  tick(): void {
    const { at, offsetMinutes } = this.schedule();
    const now = this.deps.now();
    const wall = new Date(now + offsetMinutes * 60_000).toISOString().slice(11, 16);
    const today = cinemaDate(now, offsetMinutes);
    if (wall < at || this.nightlyDoneFor === today) return;
    this.nightlyDoneFor = today;
    this.run();
  }

  run(): string | undefined {
    const { dir, keepDays, offsetMinutes } = this.schedule();
    try {
      const path = makeBackup(this.deps.repository, dir, this.deps.now(), offsetMinutes);
      const pruned = pruneBackups(dir, keepDays, this.deps.now(), offsetMinutes);
      this.deps.onDone(path, pruned);
      return path;
    } catch (error) {
      this.deps.onFailure(error as Error);
      return undefined;
    }
  }
}
