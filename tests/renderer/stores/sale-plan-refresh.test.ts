import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSaleStore } from '../../../renderer/src/stores/sale';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';
import { film, freshness, session, ticketTypes, twoAreaPlan } from '../sale-fixtures';
import type { SeatRef } from '../../../shared/domain/seat-plan';

/** The seat map read again while it is on screen (`refreshPlan`, on the host's `refreshSeconds`). */
let bridge: FakeBridge;
let plan = twoAreaPlan();
const at = (areaNumber: number, rowIndex: number, columnIndex: number): SeatRef => ({ areaNumber, rowIndex, columnIndex });
const SOFA_LEFT = at(1, 0, 0);
const SOFA_RIGHT = at(1, 0, 1);
const FREE_A = at(1, 0, 4);
const FREE_B = at(1, 1, 3);

beforeEach(() => {
  setActivePinia(createPinia());
  plan = twoAreaPlan();
  bridge = installFakeBridge()
    .answer('sale.films', { ok: true, value: { cinemaId: '0200', cinemaName: '测试影城', films: [film], freshness } })
    .answer('sale.sessions', { ok: true, value: { sessions: [session], freshness } })
    .answer('sale.ticketTypes', { ok: true, value: { sessionId: '29617', ticketTypes, freshness } })
    .answer('sale.seatPlan', () => ({ ok: true, value: { sessionId: '29617', plan, freshness, refreshSeconds: 20 } }));
});

async function atSeats(tickets: number) {
  const sale = useSaleStore();
  await sale.start();
  await sale.chooseFilm(sale.films[0]!);
  await sale.chooseSession(sale.sessions[0]!);
  sale.setQuantity('0010', tickets);
  await sale.toSeats();
  return sale;
}

describe('the sale store: the seat map read again while on screen', () => {
  it("takes the host's interval from the seat plan's answer", async () => {
    const sale = await atSeats(2);
    expect(sale.planRefreshSeconds).toBe(20);
  });

  it('shows seats sold meanwhile, keeps the selection when nothing chosen was taken, and says nothing', async () => {
    const sale = await atSeats(2);
    sale.toggle(FREE_A);
    plan = twoAreaPlan({ sold: ['2排3座'] });
    await sale.refreshPlan();
    expect(bridge.names().at(-1)).toBe('sale.seatPlan');
    expect(sale.plan!.areas[0]!.rows[1]!.seats[2]!.status).toBe('sold');
    expect(sale.selection).toEqual([FREE_A]);
    expect(sale.notice).toBeNull();
    expect(sale.busy).toBe(false);
  });

  it('lets go of a chosen seat taken meanwhile (a sofa whole), names it and marks it; the others stay', async () => {
    const sale = await atSeats(3);
    sale.toggle(FREE_B);
    sale.toggle(SOFA_LEFT);
    expect(sale.selection).toEqual([FREE_B, SOFA_LEFT, SOFA_RIGHT]);
    plan = twoAreaPlan({ sold: ['3排2座'] });
    await sale.refreshPlan();
    expect(sale.selection).toEqual([FREE_B]);
    expect(sale.taken).toEqual([SOFA_RIGHT]);
    expect(sale.notice).toEqual({ kind: 'taken', seats: ['3排2座'] });
    expect(sale.step).toBe('seats');
  });

  it('changes nothing on a failed read, off the seat step, or when the customer moved on meanwhile', async () => {
    const sale = await atSeats(1);
    sale.toggle(FREE_A);
    bridge.answer('sale.seatPlan', failure('CENTRAL_UNREACHABLE'));
    const before = sale.plan;
    await sale.refreshPlan();
    expect(sale.plan).toBe(before);
    expect(sale.notice).toBeNull();
    expect(sale.selection).toEqual([FREE_A]);

    // An answer that comes after the customer went on to the summary is dropped.
    plan = twoAreaPlan({ sold: ['3排4座'] });
    bridge.answer('sale.seatPlan', () => ({ ok: true, value: { sessionId: '29617', plan, freshness, refreshSeconds: 20 } }));
    const late = sale.refreshPlan();
    sale.toSummary();
    await late;
    expect(sale.step).toBe('summary');
    expect(sale.selection).toEqual([FREE_A]);
    const calls = bridge.names().length;
    await sale.refreshPlan();
    expect(bridge.names().length).toBe(calls);
  });

  it('says so and goes back to the showtimes when the show sold out meanwhile', async () => {
    const sale = await atSeats(1);
    sale.toggle(FREE_A);
    bridge.answer('sale.seatPlan', failure('SOLD_OUT'));
    await sale.refreshPlan();
    expect(sale.step).toBe('sessions');
    expect(sale.notice).toMatchObject({ kind: 'error', error: { code: 'SOLD_OUT' } });
  });
});
