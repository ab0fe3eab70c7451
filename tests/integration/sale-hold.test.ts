import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { RunningHost } from '../../electron/host/host';
import type { UiCallName } from '../../shared/contract/ui';
import type { Result } from '../../shared/errors';
import { startDemoHost } from '../support/in-process-host';
import { eventually, simGet } from '../support/sim-control';

let host: RunningHost;
const call = <T = unknown>(name: UiCallName, input: Record<string, unknown>): Promise<Result<T>> =>
  dispatchUiCall(host.core.handlers, name, input) as Promise<Result<T>>;

beforeAll(async () => {
  host = await startDemoHost();
});
afterAll(() => host?.stop());

describe('smoke', () => {
  it('films, sessions, ticket types, seat plan, hold, cancel', async () => {
    const films = await call('sale.films', {});
    console.log(JSON.stringify(films).slice(0, 600));
    const sessions = await call<{ sessions: { sessionId: string }[] }>('sale.sessions', {});
    console.log(JSON.stringify(sessions).slice(0, 800));
    const types = await call('sale.ticketTypes', { sessionId: '29617' });
    console.log(JSON.stringify(types).slice(0, 800));
    const plan = await call('sale.seatPlan', { sessionId: '29617' });
    console.log(JSON.stringify(plan).slice(0, 800));
    const held = await call<{ orderId: string }>('sale.hold', {
      sessionId: '29617',
      tickets: [{ ticketTypeCode: '0010', qty: 2 }],
      seats: [
        { areaNumber: 1, rowIndex: 0, columnIndex: 1 },
        { areaNumber: 1, rowIndex: 0, columnIndex: 2 },
      ],
    });
    console.log(JSON.stringify(held));
    expect(held.ok).toBe(true);
    const orders = await simGet<unknown[]>(host.demo!.sim!.baseUrl, '/__sim/orders');
    console.log(JSON.stringify(orders));
    if (held.ok) {
      const cancelled = await call('sale.cancel', { orderId: held.value.orderId, reason: 'customer' });
      console.log(JSON.stringify(cancelled));
      const done = await eventually(
        () => call<{ state: string }>('sale.order', { orderId: held.value.orderId }),
        (r) => r.ok && r.value.state === 'cancelled',
      );
      console.log(JSON.stringify(done));
    }
  });
});
