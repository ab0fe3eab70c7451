import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useSaleStore } from '../../../renderer/src/stores/sale';
import { failure, installFakeBridge, type FakeBridge } from '../fake-bridge';
import { film, freshness, heldOrder, PREMIUM, session, STANDARD, ticketTypes, twoAreaPlan } from '../sale-fixtures';
import type { SeatRef } from '../../../shared/domain/seat-plan';

let bridge: FakeBridge;
let plan = twoAreaPlan();
const at = (areaNumber: number, rowIndex: number, columnIndex: number): SeatRef => ({ areaNumber, rowIndex, columnIndex });
const SOFA_LEFT = at(1, 0, 0);
const SOFA_RIGHT = at(1, 0, 1);
const SOLD = at(1, 0, 3);
const FREE_A = at(1, 0, 4);
const FREE_B = at(1, 1, 3);
const PREMIUM_SEAT = at(2, 0, 2);

beforeEach(() => {
  setActivePinia(createPinia());
  plan = twoAreaPlan();
  bridge = installFakeBridge()
    .answer('sale.films', { ok: true, value: { cinemaId: '0200', cinemaName: '测试影城', films: [film], freshness } })
    .answer('sale.sessions', { ok: true, value: { sessions: [session], freshness } })
    .answer('sale.ticketTypes', { ok: true, value: { sessionId: '29617', ticketTypes, freshness } })
    .answer('sale.seatPlan', () => ({ ok: true, value: { sessionId: '29617', plan, freshness } }));
});
afterEach(() => vi.useRealTimers());

/** A sale walked to the seat map with these tickets. */
async function atSeats(quantities: Record<string, number>) {
  const sale = useSaleStore();
  await sale.start();
  await sale.chooseFilm(sale.films[0]!);
  await sale.chooseSession(sale.sessions[0]!);
  for (const [code, qty] of Object.entries(quantities)) sale.setQuantity(code, qty);
  await sale.toSeats();
  return sale;
}

describe('the sale store: catalogue to seat map', () => {
  it('walks films, sessions of the chosen film, ticket types, then the seat plan of the chosen session', async () => {
    const sale = await atSeats({ '0010': 2 });
    expect(sale.step).toBe('seats');
    // The plan is read with the ticket types (areas named, sold out said early) and again, fresh, for the map.
    expect(bridge.names()).toEqual(['sale.films', 'sale.sessions', 'sale.ticketTypes', 'sale.seatPlan', 'sale.seatPlan']);
    expect(bridge.calls[1]!.input).toEqual({ filmId: 'HO00001' });
    expect(bridge.calls[4]!.input).toEqual({ sessionId: '29617' });
    expect(sale.ticketsByArea).toEqual({ [STANDARD]: 2 });
    expect(sale.totalCents).toBe(20000);
  });

  it('chooses a sofa with its other seat, lets it go whole, and never takes a sold seat', async () => {
    const sale = await atSeats({ '0010': 2 });
    sale.toggle(SOLD);
    expect(sale.selection).toEqual([]);
    sale.toggle(SOFA_RIGHT);
    expect(sale.selection).toEqual([SOFA_LEFT, SOFA_RIGHT]);
    expect(sale.canHold).toBe(true);
    sale.toggle(SOFA_LEFT);
    expect(sale.selection).toEqual([]);
    expect(sale.canHold).toBe(false);
  });

  it("refuses, and says why, a seat beyond its area's tickets or in an area none of the tickets is for", async () => {
    const sale = await atSeats({ '0010': 1, '0043': 1 });
    sale.toggle(FREE_A);
    sale.toggle(FREE_B);
    expect(sale.selection).toEqual([FREE_A]);
    expect(sale.notice).toEqual({ kind: 'area-full', areaCode: STANDARD, wanted: 1 });
    // A sofa of two where the area has one ticket: choose two tickets or another seat (freeing a seat would not help).
    sale.toggle(FREE_A);
    sale.toggle(SOFA_LEFT);
    expect(sale.selection).toEqual([]);
    expect(sale.notice).toEqual({ kind: 'sofa-too-big', areaCode: STANDARD, size: 2, wanted: 1 });
    sale.toggle(PREMIUM_SEAT);
    sale.toggle(FREE_B);
    expect(sale.selection).toEqual([PREMIUM_SEAT, FREE_B]);
    expect(sale.notice).toBeNull();
    expect(sale.canHold).toBe(true);

    const only = await atSeats({ '0010': 1 });
    only.toggle(PREMIUM_SEAT);
    expect(only.selection).toEqual([]);
    expect(only.notice).toEqual({ kind: 'no-tickets-here', areaCode: PREMIUM });
  });

  it('caps the tickets at ten in all', async () => {
    const sale = useSaleStore();
    await sale.start();
    await sale.chooseFilm(film);
    await sale.chooseSession(session);
    sale.setQuantity('0010', 8);
    sale.setQuantity('0043', 5);
    expect(sale.quantities).toEqual({ '0010': 8, '0043': 2 });
    sale.setQuantity('0010', -3);
    expect(sale.quantities['0010']).toBe(0);
  });

  it('names the areas on the ticket step as the hall does, and says a sold-out session on the sessions step', async () => {
    const sale = useSaleStore();
    await sale.start();
    await sale.chooseFilm(film);
    await sale.chooseSession(session);
    expect(sale.areaDescription(STANDARD)).toBe('标准区');
    bridge.answer('sale.seatPlan', failure('SOLD_OUT'));
    sale.back();
    await sale.chooseSession(session);
    expect(sale.step).toBe('sessions');
    expect(sale.notice).toEqual({ kind: 'error', error: { code: 'SOLD_OUT', message: 'sold_out' } });
  });

  it('says the booking system is down where it happened, and keeps the step', async () => {
    const sale = useSaleStore();
    await sale.start();
    bridge.answer('sale.sessions', failure('CENTRAL_UNREACHABLE'));
    await sale.chooseFilm(film);
    expect(sale.step).toBe('films');
    expect(sale.notice).toEqual({ kind: 'error', error: { code: 'CENTRAL_UNREACHABLE', message: 'central_unreachable' } });
  });
});

describe('the sale store: hold, countdown and its end', () => {
  const seatsOf = (...refs: SeatRef[]) =>
    refs.map((r) => {
      const s = plan.areas
        .flatMap((a) => a.rows.flatMap((row) => row.seats))
        .find((x) => x.areaNumber === r.areaNumber && x.rowIndex === r.rowIndex && x.columnIndex === r.columnIndex)!;
      return { ...r, name: s.name, areaCategoryCode: s.areaCategoryCode };
    });

  it("holds the chosen seats for the chosen tickets and counts down central's hold on this machine's clock", async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T10:00:00Z') });
    // The core's clock is two minutes ahead of the kiosk's: the countdown is still 15 minutes.
    const coreNow = Date.now() + 120_000;
    bridge.answer('sale.hold', { ok: true, value: heldOrder(seatsOf(FREE_A, FREE_B), coreNow, 900) });
    const sale = await atSeats({ '0010': 2 });
    sale.toggle(FREE_A);
    sale.toggle(FREE_B);
    sale.toSummary();
    expect(sale.step).toBe('summary');
    await sale.hold();
    expect(bridge.calls.at(-1)).toEqual({
      name: 'sale.hold',
      input: { sessionId: '29617', tickets: [{ ticketTypeCode: '0010', qty: 2 }], seats: [FREE_A, FREE_B] },
    });
    expect(sale.step).toBe('held');
    expect(sale.secondsLeft).toBe(900);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(sale.secondsLeft).toBe(839);
  });

  it('cancels with reason timeout when the countdown ends, and the sale ends as expired', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T10:00:00Z') });
    const order = heldOrder(seatsOf(FREE_A), Date.now(), 5);
    bridge.answer('sale.hold', { ok: true, value: order });
    bridge.answer('sale.cancel', { ok: true, value: { ...order, state: 'expired', cancelReason: 'timeout', heldUntil: null } });
    const sale = await atSeats({ '0010': 1 });
    sale.toggle(FREE_A);
    await sale.hold();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(bridge.calls.at(-1)).toEqual({ name: 'sale.cancel', input: { orderId: order.orderId, reason: 'timeout' } });
    expect([sale.step, sale.ended]).toEqual(['ended', 'expired']);
  });

  it("ends the sale when the core says the hold ended (its own expiry), and ignores other orders' events", async () => {
    const order = heldOrder(seatsOf(FREE_A), Date.now());
    bridge.answer('sale.hold', { ok: true, value: order });
    const sale = await atSeats({ '0010': 1 });
    sale.toggle(FREE_A);
    await sale.hold();
    bridge.emit({ type: 'sale.order', orderId: 'OTHERORDER0001', state: 'expired', heldUntil: null, cancelReason: 'timeout' });
    expect(sale.step).toBe('held');
    bridge.emit({ type: 'sale.order', orderId: order.orderId, state: 'expired', heldUntil: null, cancelReason: 'timeout' });
    expect([sale.step, sale.ended]).toEqual(['ended', 'expired']);
    expect(bridge.streams()).toEqual([]);
  });

  it("cancels on the customer's word, and when the customer leaves with a held order", async () => {
    const order = heldOrder(seatsOf(FREE_A), Date.now());
    bridge.answer('sale.hold', { ok: true, value: order });
    bridge.answer('sale.cancel', (input) => ({
      ok: true,
      value: { ...order, state: 'cancelled', cancelReason: input.reason, heldUntil: null },
    }));
    const sale = await atSeats({ '0010': 1 });
    sale.toggle(FREE_A);
    await sale.hold();
    await sale.cancel('customer');
    expect(bridge.calls.at(-1)!.input).toEqual({ orderId: order.orderId, reason: 'customer' });
    expect([sale.step, sale.ended]).toEqual(['ended', 'cancelled']);

    const again = await atSeats({ '0010': 1 });
    again.toggle(FREE_A);
    await again.hold();
    await again.leave();
    expect(bridge.calls.at(-1)!.input).toEqual({ orderId: order.orderId, reason: 'left' });
    expect(again.step).toBe('films');
    expect(again.order).toBeNull();
  });

  it('on SEAT_TAKEN reads the map again, names the seat, keeps the other seats and goes back to the map', async () => {
    const sale = await atSeats({ '0010': 2 });
    sale.toggle(FREE_A);
    sale.toggle(FREE_B);
    bridge.answer('sale.hold', failure('SEAT_TAKEN', 'seat taken', { seats: seatsOf(FREE_B) }));
    plan = twoAreaPlan({ sold: ['2排3座'] });
    await sale.hold();
    expect(bridge.names().slice(-2)).toEqual(['sale.hold', 'sale.seatPlan']);
    expect(sale.step).toBe('seats');
    expect(sale.notice).toEqual({ kind: 'taken', seats: ['2排3座'] });
    expect(sale.selection).toEqual([FREE_A]);
    expect(sale.taken).toEqual([FREE_B]);
    expect(sale.plan!.areas[0]!.rows[1]!.seats[2]!.status).toBe('sold');
    // The next seat chosen clears the mark.
    sale.toggle(SOFA_LEFT);
    sale.toggle(at(1, 1, 4));
    expect(sale.taken).toEqual([]);
  });

  it('stops past the cut-off, and on a changed price reads the ticket types again', async () => {
    const sale = await atSeats({ '0010': 1 });
    sale.toggle(FREE_A);
    bridge.answer('sale.hold', failure('PRICE_CHANGED'));
    await sale.hold();
    expect(sale.step).toBe('tickets');
    expect(bridge.names().slice(-2)).toEqual(['sale.hold', 'sale.ticketTypes']);
    expect(sale.quantities).toEqual({ '0010': 1 });
    expect(sale.notice?.kind).toBe('error');

    await sale.toSeats();
    // The seat chosen before stays chosen through the new ticket types and the map read again.
    expect(sale.selection).toEqual([FREE_A]);
    bridge.answer('sale.hold', failure('SALE_CLOSED'));
    await sale.hold();
    expect([sale.step, sale.ended]).toEqual(['ended', 'closed']);
  });
});

describe('the sale store at the counter', () => {
  it("calls office.sale.* with the clerk's session, and follows its order on the staff stream", async () => {
    const order = heldOrder([{ ...FREE_A, name: '3排4座', areaCategoryCode: STANDARD }], Date.now());
    bridge
      .answer('office.sale.films', { ok: true, value: { cinemaId: '0200', cinemaName: '测试影城', films: [film], freshness } })
      .answer('office.sale.sessions', { ok: true, value: { sessions: [session], freshness } })
      .answer('office.sale.ticketTypes', { ok: true, value: { sessionId: '29617', ticketTypes, freshness } })
      .answer('office.sale.seatPlan', { ok: true, value: { sessionId: '29617', plan, freshness } })
      .answer('office.sale.hold', { ok: true, value: order });
    const sale = useSaleStore();
    const clerk = 'session-of-a-clerk-0001';
    await sale.start({ kind: 'counter', session: clerk, timeZone: 'Asia/Shanghai' });
    await sale.chooseFilm(film);
    await sale.chooseSession(session);
    sale.setQuantity('0010', 1);
    await sale.toSeats();
    sale.toggle(FREE_A);
    await sale.hold();
    expect(bridge.names()).toEqual([
      'office.sale.films',
      'office.sale.sessions',
      'office.sale.ticketTypes',
      'office.sale.seatPlan',
      'office.sale.seatPlan',
      'office.sale.hold',
    ]);
    expect(bridge.calls.every((c) => (c.input as { session: string }).session === clerk)).toBe(true);
    expect(sale.step).toBe('held');
    expect(bridge.streams()).toEqual([clerk]);
  });
});
