import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { openDatabase } from '../../electron/core/storage/database';
import { StoreChanges } from '../../electron/core/storage/store-changes';
import { tempDir } from '../support/host-process';

// The stamp tells a copy kept in memory whether the store may have changed. Another connection's
// commit is read from data_version at most once per turn of the event loop (its cost dominated a
// query answered from the local copy); this connection's own changes are always seen at once.

function twoConnections() {
  const path = join(tempDir('store-changes'), 'kiosk.sqlite');
  const ours = openDatabase(path);
  ours.exec('CREATE TABLE IF NOT EXISTS probe (x INTEGER) STRICT');
  const theirs = openDatabase(path);
  return { ours, theirs };
}

describe('the store stamp', () => {
  it("sees this connection's own change at once, in the same turn", () => {
    const { ours, theirs } = twoConnections();
    const changes = new StoreChanges(ours);
    const before = changes.stamp();
    ours.prepare('INSERT INTO probe VALUES (1)').run();
    expect(StoreChanges.same(before, changes.stamp())).toBe(false);
    ours.close();
    theirs.close();
  });

  it("sees another connection's commit from the next turn of the event loop", async () => {
    const { ours, theirs } = twoConnections();
    const changes = new StoreChanges(ours);
    const before = changes.stamp();
    theirs.prepare('INSERT INTO probe VALUES (1)').run();
    await nextTurn();
    expect(StoreChanges.same(before, changes.stamp())).toBe(false);
    ours.close();
    theirs.close();
  });

  it('reads data_version once per turn, shared by every stamp of that turn', async () => {
    const { ours, theirs } = twoConnections();
    const first = new StoreChanges(ours);
    const second = new StoreChanges(ours);
    const before = first.stamp();
    theirs.prepare('INSERT INTO probe VALUES (1)').run();
    // Same turn: the version read for the first stamp answers the second too.
    expect(StoreChanges.same(before, second.stamp())).toBe(true);
    await nextTurn();
    expect(StoreChanges.same(before, second.stamp())).toBe(false);
    ours.close();
    theirs.close();
  });
});
