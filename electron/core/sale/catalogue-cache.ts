import type { Freshness } from '../../../shared/contract/sale';
import { CentralError } from '../central/central-api';
import type { CatalogueCacheRepository, CatalogueKind } from '../storage/repositories/catalogue-cache.repository';
import { withoutFlush, type Db } from '../storage/database';
import type { Logger } from '../observability/logger';

/** A cached answer with its age, or why there is none (central failed and nothing was cached). */
export type Cached<T> = { ok: true; value: T; freshness: Freshness } | { ok: false; error: CentralError };

export interface LoadOptions<T> {
  /** Older than this, the entry is refreshed. */
  maxAgeMs: number;
  /**
   * `wait`: refresh before answering (a seat plan, ticket types before a hold); `background`: answer
   * from the cache at once and refresh behind it (showtimes: a slow central never keeps a customer
   * waiting). With nothing cached, both wait.
   */
  mode: 'wait' | 'background';
  /** Read even when young enough (fresh before every hold). */
  force?: boolean;
  /** Tries when central times out or cannot be reached (ticket types: three, seed §3.3). */
  attempts?: number;
  retryDelayMs?: number;
  /** An empty answer keeps the cached data (seed §2.1). */
  isEmpty?: (value: T) => boolean;
}

/**
 * Central's catalogue kept in SQLite (seed §2.1): each entry is answered from the store while young
 * enough, refreshed when older, and on a timeout, an error or an empty answer the old entry stays and
 * is answered marked stale with its age. A copy of central's data: written without a flush of its own.
 */
export class CatalogueCache {
  private readonly inFlight = new Map<string, Promise<Cached<unknown>>>();

  constructor(private readonly deps: { db: Db; rows: CatalogueCacheRepository; now: () => number; logger: Logger }) {}

  /** What is cached, whatever its age, without asking central. */
  peek<T>(kind: CatalogueKind, key: string): T | undefined {
    const row = this.deps.rows.get(kind, key);
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  async load<T>(kind: CatalogueKind, key: string, fetch: () => Promise<T>, options: LoadOptions<T>): Promise<Cached<T>> {
    const row = this.deps.rows.get(kind, key);
    const now = this.deps.now();
    if (row && !options.force && now - row.fetched_at < options.maxAgeMs) return this.fromRow<T>(row, false);
    if (row && options.mode === 'background' && !options.force) {
      // Behind the answer: a failure here (the store closing at stop) is logged, never an unhandled rejection.
      void this.refresh(kind, key, fetch, options).catch((error: unknown) =>
        this.deps.logger.warn({ kind, key, err: (error as Error).message }, 'catalogue refresh failed'),
      );
      // Stale only once a refresh has failed: an old entry being refreshed is shown with its age.
      return this.fromRow<T>(row, false);
    }
    return (await this.refresh(kind, key, fetch, options)) as Cached<T>;
  }

  /** One refresh per entry at a time: callers meanwhile share its outcome. */
  private refresh<T>(kind: CatalogueKind, key: string, fetch: () => Promise<T>, options: LoadOptions<T>): Promise<Cached<unknown>> {
    const id = `${kind}:${key}`;
    const running = this.inFlight.get(id);
    if (running) return running;
    const work = this.fetchAndStore(kind, key, fetch, options).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  private async fetchAndStore<T>(kind: CatalogueKind, key: string, fetch: () => Promise<T>, options: LoadOptions<T>): Promise<Cached<T>> {
    const attempts = options.attempts ?? 1;
    let failure: CentralError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const value = await fetch();
        if (options.isEmpty?.(value)) {
          failure = new CentralError('malformed', `${kind} ${key}: central answered nothing`);
          break;
        }
        withoutFlush(this.deps.db, () => this.deps.rows.put(kind, key, value, this.deps.now()));
        const now = this.deps.now();
        return { ok: true, value, freshness: { fetchedAt: new Date(now).toISOString(), ageSeconds: 0, stale: false } };
      } catch (error) {
        failure = error instanceof CentralError ? error : new CentralError('malformed', (error as Error).message);
        // Only a timeout or an unreachable central is worth asking again; a refusal will not change.
        const transient = failure.failure === 'unreachable' || failure.failure === 'unknown-outcome';
        if (!transient || attempt === attempts) break;
        if (options.retryDelayMs) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs));
      }
    }
    const error = failure!;
    const row = this.deps.rows.get(kind, key);
    if (!row) return { ok: false, error };
    withoutFlush(this.deps.db, () => this.deps.rows.noteFailure(kind, key, this.deps.now(), error.message));
    this.deps.logger.warn({ kind, key, err: error.message }, 'catalogue refresh failed: the cached copy is shown');
    return this.fromRow<T>(this.deps.rows.get(kind, key)!, true);
  }

  private fromRow<T>(row: { body: string; fetched_at: number; last_error: string | null }, stale: boolean): Cached<T> {
    const ageSeconds = Math.max(0, Math.floor((this.deps.now() - row.fetched_at) / 1000));
    return {
      ok: true,
      value: JSON.parse(row.body) as T,
      freshness: { fetchedAt: new Date(row.fetched_at).toISOString(), ageSeconds, stale: stale || row.last_error !== null },
    };
  }
}
