import { describe, expect, it } from 'vitest';
import { CentralError } from '../../electron/core/central/central-api';
import { silentLogger } from '../../electron/core/observability/logger';
import { CatalogueCache } from '../../electron/core/sale/catalogue-cache';
import { openDatabase } from '../../electron/core/storage/database';
import { CatalogueCacheRepository } from '../../electron/core/storage/repositories/catalogue-cache.repository';

/** The cache's rules on their own (seed §2.1): an empty answer or a refusal keeps the cached data. */
function cacheAt(clock: { now: number }) {
  const db = openDatabase(':memory:');
  return new CatalogueCache({ db, rows: new CatalogueCacheRepository(db), now: () => clock.now, logger: silentLogger() });
}
const options = { maxAgeMs: 1_000, mode: 'wait' as const, isEmpty: (list: string[]) => list.length === 0 };

describe('catalogue cache', () => {
  it('keeps the cached list when central answers an empty one, and says it is stale with its age', async () => {
    const clock = { now: 1_000_000 };
    const cache = cacheAt(clock);
    expect(await cache.load('now-showing', '0200', async () => ['film'], options)).toMatchObject({ ok: true, value: ['film'] });
    clock.now += 5_000;
    const kept = await cache.load('now-showing', '0200', async () => [], options);
    expect(kept).toMatchObject({ ok: true, value: ['film'], freshness: { stale: true, ageSeconds: 5 } });
  });

  it('asks again only on a timeout or an unreachable central, up to the attempts given', async () => {
    const clock = { now: 1_000_000 };
    const cache = cacheAt(clock);
    let calls = 0;
    const refused = await cache.load(
      'ticket-types',
      '1',
      async () => {
        calls += 1;
        throw new CentralError('rejected', 'no', 4);
      },
      { ...options, attempts: 3 },
    );
    expect(refused.ok).toBe(false);
    expect(calls).toBe(1);
    calls = 0;
    await cache.load(
      'ticket-types',
      '1',
      async () => {
        calls += 1;
        throw new CentralError('unknown-outcome', 'timeout');
      },
      { ...options, attempts: 3 },
    );
    expect(calls).toBe(3);
  });
});
