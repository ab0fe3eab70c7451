import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { SEED_ADD_TICKETS, SEED_ORDER_REQUEST, simSaleWire } from '../support/sim-sale-wire';

/**
 * The simulator's sale (seed 003 §3.1–§3.7) answered with the seed's own example requests.
 *
 * Fixtures are copied from the seed. Its text was extracted from a PDF, which damaged some names:
 * `Cinemald` is `CinemaId`, `000000001` (nine digits, in the seat-plan and second-seat examples)
 * is `0000000001`, and names broken over lines (`Ci nemas`, `G etNowShowing…`, `BookingFeeOverri de`)
 * are whole. The fixtures use the real names.
 */
const SEED_CINEMAS_SELECT = '/OData.svc/Cinemas?$format=json&$select=ID,CinemaNationalId,Name,PhoneNumber,EmailAddress,City';
const SEED_NOW_SHOWING =
  '/OData.svc/GetNowShowingScheduledFilms?$format=json&cinemaId=%270200%27&$expand=Sessions/Attributes&$select=ScheduledFilmId,Title,RunTime,ShortCode,Sessions/SessionId,Sessions/Showtime,Sessions/Attributes/Description,Sessions/ScreenNumber,Sessions/ScreenName';
const SEED_TICKETS = '/RESTData.svc/cinemas/0200/sessions/29617/tickets';
const SEED_SEAT_PLAN = '/RESTData.svc/cinemas/0200/sessions/29617/seat-plan';
/** Seed §3.3's reply, the fields that identify each ticket type. */
const SEED_TICKET_TYPES = [
  {
    AreaCategoryCode: '0000000001',
    CinemaId: '0200',
    Description: '标准票',
    PriceGroupCode: '0029',
    PriceInCents: 10000,
    TicketTypeCode: '0010',
  },
  {
    AreaCategoryCode: '0000000001',
    CinemaId: '0200',
    Description: 'webTicket 测试用代金券',
    PriceGroupCode: '0029',
    PriceInCents: 5000,
    TicketTypeCode: '0142',
  },
  {
    AreaCategoryCode: '0000000003',
    CinemaId: '0200',
    Description: 'webTicket 测试用代金券(优选区)',
    PriceGroupCode: '0029',
    PriceInCents: 2000,
    TicketTypeCode: '0043',
  },
];
/** Seed §3.5 note 2, for ticket type 0042 at 4000. */
const SEED_PRICE_MESSAGE =
  'Ticket type 0042 could not be added to the order because ticket price overrides are not allowed. Either provide the correct price in cents, 4000, or enable the AllowTicketPriceOverride security behaviour for your profile.';
/** Seed §3.5's reply: the order's and its session's field names. */
const SEED_ORDER_KEYS = [
  'BookingFeeValueCents',
  'CinemaId',
  'LastUpdated',
  'Sessions',
  'TotalOrderCount',
  'TotalTicketFeeValueInCents',
  'TotalValueCents',
  'UserSessionId',
  'VistaBookingNumber',
  'VistaTransactionNumber',
];
const SEED_ORDER_SESSION_KEYS = [
  'AllocatedSeating',
  'AltFilmTitle',
  'CinemaId',
  'FilmClassification',
  'FilmTitle',
  'SeatsAllocated',
  'SessionId',
  'ShowingRealDateTime',
];
/** Seed §3.6, "已 CompleteOrder". */
const SEED_COMPLETED_ORDER = {
  BookingFeeValueCents: 0,
  CinemaId: null,
  Sessions: null,
  TotalOrderCount: 0,
  TotalTicketFeeValueInCents: null,
  TotalValueCents: 0,
};
const VISTA_DATE = /^\/Date\(\d+\+0800\)\/$/u;
const HOLD_MS = 60_000;

let sim: RunningCentralSim;
let clock = Date.now();

beforeAll(async () => {
  sim = await startCentralSim({ seed: 1, sale: { holdMs: HOLD_MS, cutoffMinutes: 15, now: () => clock } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
});

interface SeatJson {
  Id: string;
  Position: { AreaNumber: number; ColumnIndex: number; RowIndex: number };
  SeatStyle: number;
  SeatsInGroup: unknown[] | null;
  Status: number;
}
interface AreaJson {
  AreaCategoryCode: string;
  ColumnCount: number;
  Description: string;
  Height: number;
  Number: number;
  Rows: { PhysicalName: string | null; Seats: SeatJson[] }[];
}
interface PlanJson {
  ResponseCode: number;
  SeatLayoutData: { Areas: AreaJson[] } | null;
}

const { get: vistaGet, post: vistaPost, control, seatStatus } = simSaleWire(() => sim);

type AddTicketsReply = { Result: number; ErrorDescription: string | null; AvailableSeats: number; Order: Record<string, unknown> | null };
type OrderView = { userSessionId: string; state: string; seats: { name: string }[]; totalValueCents: number; heldUntil: string };

const addTickets = (overrides: Record<string, unknown>) =>
  vistaPost<AddTicketsReply>('/RESTTicketing.svc/order/tickets', { ...SEED_ADD_TICKETS, ...overrides });
const orderRequest = (userSessionId: string) => ({ ...SEED_ORDER_REQUEST, UserSessionId: userSessionId });
const seat = (rowIndex: number, columnIndex: number, areaNumber = 1, areaCategoryCode = '0000000001') => ({
  AreaCategoryCode: areaCategoryCode,
  AreaNumber: areaNumber,
  RowIndex: rowIndex,
  ColumnIndex: columnIndex,
});
const student = (qty: number) => [{ TicketTypeCode: '0056', Qty: qty, PriceInCents: 5000, BookingFeeOverride: null }];

async function orderView(userSessionId: string): Promise<OrderView | undefined> {
  const { body } = await control<OrderView[]>('GET', '/__sim/orders');
  return body.find((o) => o.userSessionId === userSessionId);
}

describe('catalogue (seed §3.1–§3.2)', () => {
  it('Cinemas answers every field of the seed, and only the selected ones with $select', async () => {
    const all = await vistaGet<{ value: Record<string, unknown>[] }>('/OData.svc/Cinemas?$format=json');
    expect(Object.keys(all.body.value[0]!).sort()).toEqual(
      [
        'ID',
        'CinemaNationalId',
        'Name',
        'NameAlt',
        'PhoneNumber',
        'EmailAddress',
        'Address1',
        'Address2',
        'City',
        'Latitude',
        'Longitude',
        'ParkingInfo',
        'LoyaltyCode',
        'IsGiftStore',
        'Description',
        'DescriptionAlt',
        'PublicTransport',
        'AllowPrintAtHomeBookings',
        'AllowOnlineVoucherValidation',
        'DisplaySofaSeats',
      ].sort(),
    );
    const selected = await vistaGet<{ value: Record<string, unknown>[] }>(SEED_CINEMAS_SELECT);
    expect(selected.body.value).toEqual([
      { ID: '0200', CinemaNationalId: '31090211', Name: sim.state.cinema.name, PhoneNumber: '', EmailAddress: null, City: 'China' },
    ]);
    expect((await vistaGet<{ value: unknown[] }>("/OData.svc/Cinemas?$format=json&$filter=ID%20eq%20'0200'")).body.value).toHaveLength(1);
    expect((await vistaGet<{ value: unknown[] }>("/OData.svc/Cinemas?$format=json&$filter=ID%20eq%20'0999'")).body.value).toHaveLength(0);
  });

  it('names are case-sensitive: an unknown property or path is refused as OData refuses it', async () => {
    const badSelect = await vistaGet<{ 'odata.error': { message: { value: string } } }>('/OData.svc/Cinemas?$format=json&$select=city');
    expect(badSelect.status).toBe(400);
    expect(badSelect.body['odata.error'].message.value).toBe("Could not find a property named 'city' on type 'Vista.Cinema'.");
    expect((await vistaGet('/OData.svc/cinemas?$format=json')).status).toBe(404);
    const notExpanded = await vistaGet('/OData.svc/GetNowShowingScheduledFilms?$format=json&$select=Title,Sessions/SessionId');
    expect(notExpanded.status).toBe(400);
  });

  it("GetNowShowingScheduledFilms with the seed's request: films, their sessions on sale and attributes, only the selected fields", async () => {
    const { status, body } = await vistaGet<{ value: Record<string, unknown>[] }>(SEED_NOW_SHOWING);
    expect(status).toBe(200);
    expect(body.value).toHaveLength(3);
    for (const film of body.value) {
      expect(Object.keys(film).sort()).toEqual(['RunTime', 'ScheduledFilmId', 'Sessions', 'ShortCode', 'Title']);
      expect(typeof film.RunTime).toBe('string');
      for (const session of film.Sessions as Record<string, unknown>[]) {
        expect(Object.keys(session).sort()).toEqual(['Attributes', 'ScreenName', 'ScreenNumber', 'SessionId', 'Showtime']);
        expect(session.Showtime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/u);
        expect(typeof session.ScreenNumber).toBe('number');
        for (const attribute of session.Attributes as Record<string, unknown>[]) expect(Object.keys(attribute)).toEqual(['Description']);
      }
    }
    const sessionIds = body.value.flatMap((f) => (f.Sessions as { SessionId: string }[]).map((s) => s.SessionId));
    expect(sessionIds).toEqual(expect.arrayContaining(['29617', '29618', '29619']));
    expect(sessionIds).not.toContain('29601'); // started three hours ago: past its cut-off
    expect(sessionIds).toEqual(expect.arrayContaining(['29620', '29621', '29622', '29623', '29624', '29625'])); // the demo's other shows
    const plain = await vistaGet<{ value: Record<string, unknown>[] }>('/OData.svc/GetNowShowingScheduledFilms?$format=json');
    expect(plain.body.value[0]).not.toHaveProperty('Sessions');
    const otherCinema = await vistaGet<{ value: unknown[] }>(
      "/OData.svc/GetNowShowingScheduledFilms?$format=json&cinemaId='0999'&$expand=Sessions",
    );
    expect(otherCinema.body.value).toEqual([]);
    const filtered = await vistaGet<{ value: { ScheduledFilmId: string }[] }>(
      "/OData.svc/GetNowShowingScheduledFilms?$format=json&$filter=ScheduledFilmId%20eq%20'HO00012502'",
    );
    expect(filtered.body.value.map((f) => f.ScheduledFilmId)).toEqual(['HO00012502']);
  });
});

describe('ticket types and seat plan (seed §3.3–§3.4)', () => {
  it("GetTicketsForSession with the seed's request answers the seed's ticket types per area", async () => {
    const { body } = await vistaGet<{ ResponseCode: number; Tickets: Record<string, unknown>[] }>(SEED_TICKETS);
    expect(body.ResponseCode).toBe(0);
    for (const expected of SEED_TICKET_TYPES) expect(body.Tickets).toContainEqual(expect.objectContaining(expected));
    const unknown = await vistaGet<{ ResponseCode: number; Tickets: unknown }>('/RESTData.svc/cinemas/0200/sessions/99999/tickets');
    expect(unknown.body).toMatchObject({ ResponseCode: 4, Tickets: null });
  });

  it("the seed's hall: RowIndex 0, ColumnIndex 1 and 2 are 7排10座 and 7排9座; 0,0 is an aisle; a second area at other prices", async () => {
    const { body } = await vistaGet<PlanJson>(SEED_SEAT_PLAN);
    expect(body.ResponseCode).toBe(0);
    const areas = body.SeatLayoutData!.Areas;
    const standard = areas.find((a) => a.Number === 1)!;
    expect(standard).toMatchObject({ AreaCategoryCode: '0000000001', ColumnCount: 12, Description: '一号厅', Height: 7 });
    const row = standard.Rows[0]!;
    expect(row.PhysicalName).toBe('7');
    expect(row.Seats.find((s) => s.Position.ColumnIndex === 1)).toMatchObject({
      Id: '10',
      Position: { AreaNumber: 1, RowIndex: 0, ColumnIndex: 1 },
    });
    expect(row.Seats.find((s) => s.Position.ColumnIndex === 2)?.Id).toBe('9');
    expect(row.Seats.find((s) => s.Position.ColumnIndex === 0)).toBeUndefined();
    expect(standard.Rows.at(-1)!.PhysicalName).toBe('1'); // row 1 at the bottom, by the screen
    const preferred = areas.find((a) => a.Number === 2)!;
    expect(preferred.AreaCategoryCode).toBe('0000000003');
    expect(areas.map((a) => a.Number)).toEqual([2, 1]); // top to bottom: the preferred area is behind
    const prices = (await vistaGet<{ Tickets: { AreaCategoryCode: string; PriceInCents: number }[] }>(SEED_TICKETS)).body.Tickets;
    const areaPrices = (code: string) => new Set(prices.filter((t) => t.AreaCategoryCode === code).map((t) => t.PriceInCents));
    expect([...areaPrices('0000000003')].some((p) => !areaPrices('0000000001').has(p))).toBe(true);
  });

  it('the sofa hall has sofa seats (1, 2, 3) grouped, wheelchair, held-back, broken and special seats; the big hall about 400 seats and a cross aisle', async () => {
    const { body } = await vistaGet<PlanJson>('/RESTData.svc/cinemas/0200/sessions/29619/seat-plan');
    const seats = body.SeatLayoutData!.Areas.flatMap((a) => a.Rows.flatMap((r) => r.Seats));
    expect(new Set(seats.map((s) => s.SeatStyle))).toEqual(new Set([0, 1, 2, 3]));
    expect(new Set(seats.map((s) => s.Status))).toEqual(expect.objectContaining(new Set([0, 2, 3, 5, 7])));
    for (const s of seats.filter((s) => s.SeatStyle !== 0)) expect(s.SeatsInGroup!.length).toBeGreaterThanOrEqual(2);
    expect(seats.filter((s) => s.SeatStyle === 0).every((s) => s.SeatsInGroup === null)).toBe(true);

    const big = await vistaGet<PlanJson>('/RESTData.svc/cinemas/0200/sessions/29618/seat-plan');
    const area = big.body.SeatLayoutData!.Areas[0]!;
    expect(area.Rows.flatMap((r) => r.Seats)).toHaveLength(400);
    expect(area.Rows.filter((r) => r.PhysicalName === null)).toEqual([{ PhysicalName: null, Seats: [] }]);
  });

  it('seat-plan: 4 for an unknown cinema or session, 67 with a null layout when marked sold out, 0 with every seat sold on a real sell-out', async () => {
    expect((await vistaGet<PlanJson>('/RESTData.svc/cinemas/0999/sessions/29617/seat-plan')).body).toMatchObject({
      ResponseCode: 4,
      SeatLayoutData: null,
    });
    expect((await vistaGet<PlanJson>('/RESTData.svc/cinemas/0200/sessions/1/seat-plan')).body).toMatchObject({
      ResponseCode: 4,
      SeatLayoutData: null,
    });

    const added = await control<{ sessionId: string }>('POST', '/__sim/sessions', { startsInSeconds: 3600, screenName: '3号厅' });
    const sessionId = added.body.sessionId;
    expect((await control('POST', `/__sim/sessions/${sessionId}/sold-out`, { on: true })).status).toBe(200);
    expect((await vistaGet<PlanJson>(`/RESTData.svc/cinemas/0200/sessions/${sessionId}/seat-plan`)).body).toEqual({
      ResponseCode: 67,
      ErrorDescription: 'The session requested is marked as sold out',
      SeatLayoutData: null,
    });
    const cheaper = [{ TicketTypeCode: '0056', Qty: 2, PriceInCents: 3500, BookingFeeOverride: null }];
    expect(
      (await addTickets({ UserSessionId: 'soldout-1', SessionId: sessionId, SelectedSeats: null, TicketTypes: cheaper })).body.Result,
    ).toBe(8);
    await control('POST', `/__sim/sessions/${sessionId}/sold-out`, { on: false });

    const plan = await vistaGet<PlanJson>(`/RESTData.svc/cinemas/0200/sessions/${sessionId}/seat-plan`);
    const free = plan.body
      .SeatLayoutData!.Areas.flatMap((a) => a.Rows.flatMap((r) => r.Seats))
      .filter((s) => s.Status === 0 || s.Status === 3);
    const take = await control('POST', `/__sim/sessions/${sessionId}/take-seats`, {
      seats: free.map((s) => ({ rowIndex: s.Position.RowIndex, columnIndex: s.Position.ColumnIndex, areaNumber: s.Position.AreaNumber })),
    });
    expect(take.status).toBe(200);
    const soldOut = await vistaGet<PlanJson>(`/RESTData.svc/cinemas/0200/sessions/${sessionId}/seat-plan`);
    expect(soldOut.body.ResponseCode).toBe(0);
    const all = soldOut.body.SeatLayoutData!.Areas.flatMap((a) => a.Rows.flatMap((r) => r.Seats));
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((s) => s.Status === 0 || s.Status === 3)).toBe(false);
    const sessions = await control<{ sessionId: string; seats: { total: number; byStatus: Record<string, number> } }[]>(
      'GET',
      '/__sim/sessions',
    );
    const counted = sessions.body.find((s) => s.sessionId === sessionId)!;
    expect(counted.seats.byStatus['0']).toBeUndefined();
    expect(counted.seats.byStatus['1']).toBe(free.length);
  });

  it('seats of paid bookings show as sold', async () => {
    const booked = sim.state.bookings().find((b) => b.session.sessionId === '29617' && b.tickets.every((t) => !t.refunded))!;
    const t = booked.tickets[0]!;
    const { body } = await vistaGet<PlanJson>(SEED_SEAT_PLAN);
    const match = body
      .SeatLayoutData!.Areas.flatMap((a) => a.Rows.filter((r) => r.PhysicalName === t.rowId).flatMap((r) => r.Seats))
      .find((s) => s.Id === t.seatNumber);
    expect(match?.Status).toBe(1);
  });
});

describe('AddTickets, GetOrder, CancelOrder (seed §3.5–§3.7)', () => {
  it("the seed's AddTickets request holds its two seats and answers the seed's order shape", async () => {
    const { body } = await vistaPost<AddTicketsReply>('/RESTTicketing.svc/order/tickets', SEED_ADD_TICKETS);
    expect(body).toMatchObject({ ErrorDescription: null, Result: 0, ExtendedResultCode: 0 });
    expect(typeof body.AvailableSeats).toBe('number');
    const order = body.Order!;
    expect(Object.keys(order).sort()).toEqual([...SEED_ORDER_KEYS].sort());
    expect(order).toMatchObject({
      BookingFeeValueCents: 0,
      CinemaId: '0200',
      TotalOrderCount: 2,
      TotalValueCents: 10000,
      UserSessionId: 'FTest201508060001',
      VistaBookingNumber: 0,
    });
    expect(order.LastUpdated).toMatch(VISTA_DATE);
    const session = (order.Sessions as Record<string, unknown>[])[0]!;
    for (const key of SEED_ORDER_SESSION_KEYS) expect(session).toHaveProperty(key);
    expect(session.SessionId).toBe(29617);
    expect(session.ShowingRealDateTime).toMatch(VISTA_DATE);
    expect(await seatStatus('29617', 1, 0, 1)).toBe(1);
    expect(await seatStatus('29617', 1, 0, 2)).toBe(1);
    const view = await orderView('FTest201508060001');
    expect(view).toMatchObject({ state: 'held', totalValueCents: 10000 });
    expect(view!.seats.map((s) => s.name)).toEqual(['7排10座', '7排9座']);
    expect(Date.parse(view!.heldUntil)).toBe(clock + HOLD_MS);

    const held = await vistaPost<{ Result: number; Order: Record<string, unknown> }>('/RESTTicketing.svc/order', SEED_ORDER_REQUEST);
    expect(held.body.Result).toBe(0);
    expect(held.body.Order).toMatchObject({
      CinemaId: '0200',
      TotalOrderCount: 2,
      TotalValueCents: 10000,
      UserSessionId: 'FTest201508060001',
    });
    expect((held.body.Order.Sessions as { SessionId: number; Tickets: unknown[] }[])[0]).toMatchObject({ SessionId: 29617 });

    const cancelled = await vistaPost('/RESTTicketing.svc/order/cancel', SEED_ORDER_REQUEST);
    expect(cancelled.body).toEqual({ ErrorDescription: null, Result: 0 });
    expect(await seatStatus('29617', 1, 0, 1)).toBe(0);
    expect((await orderView('FTest201508060001'))!.state).toBe('cancelled');
    // Idempotent: cancelling again changes nothing and answers 0 again.
    expect((await vistaPost('/RESTTicketing.svc/order/cancel', SEED_ORDER_REQUEST)).body).toEqual({ ErrorDescription: null, Result: 0 });
  });

  it('booking fees: per ticket type they add up, the order-wide one replaces them; ReturnOrder false answers no order', async () => {
    const perTicket = await addTickets({
      UserSessionId: 'fee-1',
      TicketTypes: [{ TicketTypeCode: '0056', Qty: 2, PriceInCents: 5000, BookingFeeOverride: 300 }],
    });
    expect(perTicket.body.Order).toMatchObject({ BookingFeeValueCents: 600, TotalValueCents: 10600 });
    const orderWide = await addTickets({
      UserSessionId: 'fee-1',
      BookingFeeOverride: 500,
      TicketTypes: [{ TicketTypeCode: '0056', Qty: 2, PriceInCents: 5000, BookingFeeOverride: 300 }],
    });
    expect(orderWide.body.Order).toMatchObject({ BookingFeeValueCents: 500, TotalValueCents: 10500 });
    const quiet = await addTickets({ UserSessionId: 'fee-1', ReturnOrder: false });
    expect(quiet.body).toMatchObject({ Result: 0, Order: null });
    expect((await orderView('fee-1'))!.totalValueCents).toBe(10000);
    await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('fee-1'));
  });

  it("Result 4 with the seed's message when the price differs from the ticket type's", async () => {
    const { body } = await addTickets({
      UserSessionId: 'price-1',
      TicketTypes: [{ TicketTypeCode: '0010', Qty: 2, PriceInCents: 9000, BookingFeeOverride: null }],
    });
    expect(body.Result).toBe(4);
    expect(body.ErrorDescription).toBe(SEED_PRICE_MESSAGE.replace('0042', '0010').replace('4000', '10000'));
    expect(await orderView('price-1')).toBeUndefined();
  });

  it("seats and ticket types must be of the same area; each seat's AreaCategoryCode must be its own", async () => {
    const preferredSeats = [seat(0, 1, 2, '0000000003'), seat(0, 2, 2, '0000000003')];
    expect((await addTickets({ UserSessionId: 'area-1', SelectedSeats: preferredSeats })).body.Result).toBe(4);
    expect((await addTickets({ UserSessionId: 'area-2', SelectedSeats: [seat(0, 1, 2), seat(0, 2, 2)] })).body.Result).toBe(4);
    const right = await addTickets({
      UserSessionId: 'area-3',
      TicketTypes: [{ TicketTypeCode: '0044', Qty: 2, PriceInCents: 12000, BookingFeeOverride: null }],
      SelectedSeats: preferredSeats,
    });
    expect(right.body).toMatchObject({ Result: 0, Order: { TotalValueCents: 24000 } });
    await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('area-3'));
  });

  it('Result 8 when a seat is held by another order or taken by another channel; the refused order holds nothing', async () => {
    expect((await addTickets({ UserSessionId: 'race-a', SelectedSeats: [seat(3, 5), seat(3, 6)] })).body.Result).toBe(0);
    const lost = await addTickets({ UserSessionId: 'race-b', SelectedSeats: [seat(3, 6), seat(3, 7)] });
    expect(lost.body).toMatchObject({ Result: 8, Order: null });
    expect(lost.body.ErrorDescription).toMatch(/^The cinema refused the requested seats/u);
    expect(await seatStatus('29617', 1, 3, 7)).toBe(0);

    const taken = await control('POST', '/__sim/sessions/29617/take-seats', { seats: [{ rowIndex: 4, columnIndex: 3, areaNumber: 1 }] });
    expect(taken.body).toEqual({ taken: ['3排8座'] });
    expect((await addTickets({ UserSessionId: 'race-c', SelectedSeats: [seat(4, 3), seat(4, 4)] })).body.Result).toBe(8);
    // The other channel cannot take a seat an order holds.
    expect(
      (await control('POST', '/__sim/sessions/29617/take-seats', { seats: [{ rowIndex: 3, columnIndex: 5, areaNumber: 1 }] })).status,
    ).toBe(409);
    await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('race-a'));
  });

  it("adding to an order again replaces its seats; a refused re-add keeps the order's seats", async () => {
    expect((await addTickets({ UserSessionId: 'replace-1', SelectedSeats: [seat(5, 1), seat(5, 2)] })).body.Result).toBe(0);
    expect((await addTickets({ UserSessionId: 'replace-1', SelectedSeats: [seat(5, 2), seat(5, 3)] })).body.Result).toBe(0);
    expect(await seatStatus('29617', 1, 5, 1)).toBe(0);
    expect(await seatStatus('29617', 1, 5, 3)).toBe(1);
    expect((await orderView('replace-1'))!.seats.map((s) => s.name)).toEqual(['2排9座', '2排8座']);

    expect((await addTickets({ UserSessionId: 'replace-2', SelectedSeats: [seat(5, 5), seat(5, 6)] })).body.Result).toBe(0);
    expect((await addTickets({ UserSessionId: 'replace-1', SelectedSeats: [seat(5, 6), seat(5, 7)] })).body.Result).toBe(8);
    expect((await orderView('replace-1'))!.seats.map((s) => s.name)).toEqual(['2排9座', '2排8座']);
    expect(await seatStatus('29617', 1, 5, 7)).toBe(0);
    for (const id of ['replace-1', 'replace-2']) await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest(id));
  });

  it('without SelectedSeats the cinema picks seats side by side', async () => {
    const { body } = await addTickets({ UserSessionId: 'auto-1', SelectedSeats: null, TicketTypes: student(3) });
    expect(body.Result).toBe(0);
    const seats = (await orderView('auto-1'))!.seats.map((s) => s.name);
    expect(seats).toHaveLength(3);
    expect(new Set(seats.map((s) => s.split('排')[0])).size).toBe(1);
    await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('auto-1'));
  });

  it('a hold expires after the hold time and its seats return; GetOrder then answers the emptied order', async () => {
    expect((await addTickets({ UserSessionId: 'expire-1', SelectedSeats: [seat(6, 1)], TicketTypes: student(1) })).body.Result).toBe(0);
    clock += HOLD_MS - 1;
    expect((await orderView('expire-1'))!.state).toBe('held');
    clock += 1;
    expect((await orderView('expire-1'))!.state).toBe('expired');
    expect(await seatStatus('29617', 1, 6, 1)).toBe(0);
    const order = await vistaPost<{ Result: number; Order: Record<string, unknown> }>('/RESTTicketing.svc/order', orderRequest('expire-1'));
    expect(order.body.Order).toMatchObject({ ...SEED_COMPLETED_ORDER, UserSessionId: 'expire-1' });
    expect((await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('expire-1'))).body).toEqual({
      ErrorDescription: null,
      Result: 0,
    });
  });

  it("GetOrder's second shape once the order is completed; CancelOrder then refuses", async () => {
    expect((await addTickets({ UserSessionId: 'done-1', SelectedSeats: [seat(6, 2)], TicketTypes: student(1) })).body.Result).toBe(0);
    const total = sim.sale.getOrder('done-1')!.totalValueCents;
    const paid = await vistaPost<{ Result: number }>('/RESTTicketing.svc/order/payment', {
      ...orderRequest('done-1'),
      PaymentInfo: {
        CardNumber: '9999999999999999',
        CardType: 'CreditCard',
        PaymentValueCents: total,
        PaymentTenderCategory: 'CreditCard',
      },
      PerformPayment: false,
    });
    expect(paid.body.Result).toBe(0);
    const { body } = await vistaPost<{ Result: number; Order: Record<string, unknown> }>(
      '/RESTTicketing.svc/order',
      orderRequest('done-1'),
    );
    expect(body.Result).toBe(0);
    expect(body.Order).toMatchObject({ ...SEED_COMPLETED_ORDER, UserSessionId: 'done-1' });
    expect(body.Order.LastUpdated).toMatch(VISTA_DATE);
    const cancel = await vistaPost<{ Result: number }>('/RESTTicketing.svc/order/cancel', orderRequest('done-1'));
    expect(cancel.body.Result).not.toBe(0);
    expect(await seatStatus('29617', 1, 6, 2)).toBe(1);
    expect((await orderView('done-1'))!.state).toBe('completed');
  });

  it('the sale cut-off: a session sells until ATMTimeShowMovieAfterStart minutes after its start, then Result 8 and no longer listed', async () => {
    const added = await control<{ sessionId: string; onSale: boolean }>('POST', '/__sim/sessions', { startsInSeconds: -15 * 60 + 30 });
    expect(added.body.onSale).toBe(true);
    const sessionId = added.body.sessionId;
    const hold = await addTickets({
      UserSessionId: 'cutoff-1',
      SessionId: sessionId,
      SelectedSeats: [seat(0, 1)],
      TicketTypes: student(1),
    });
    expect(hold.body.Result).toBe(0);
    clock += 30_000;
    const late = await addTickets({
      UserSessionId: 'cutoff-2',
      SessionId: sessionId,
      SelectedSeats: [seat(0, 2)],
      TicketTypes: student(1),
    });
    expect(late.body.Result).toBe(8);
    const films = await vistaGet<{ value: { Sessions: { SessionId: string }[] }[] }>(SEED_NOW_SHOWING);
    expect(films.body.value.flatMap((f) => f.Sessions.map((s) => s.SessionId))).not.toContain(sessionId);
    const view = await control<{ sessionId: string; onSale: boolean }[]>('GET', '/__sim/sessions');
    expect(view.body.find((s) => s.sessionId === sessionId)!.onSale).toBe(false);
    await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('cutoff-1'));
  });

  it('refuses hostile or malformed requests with Result 4 and holds nothing', async () => {
    const cases: Record<string, unknown>[] = [
      { UserSessionId: 'bad\u0007id' },
      { UserSessionId: 'x'.repeat(33) },
      { UserSessionId: '' },
      { UserSessionId: 'bad-1', SessionId: '../../etc' },
      { UserSessionId: 'bad-2', SelectedSeats: 'A1' },
      { UserSessionId: 'bad-3', SelectedSeats: [seat(0, 0), seat(0, 1)] }, // 0,0 is an aisle
      { UserSessionId: 'bad-4', SelectedSeats: [seat(0, 1), seat(0, 1)] },
      { UserSessionId: 'bad-5', TicketTypes: [{ TicketTypeCode: '0056\r\n', Qty: 2, PriceInCents: 5000 }] },
      { UserSessionId: 'bad-6', TicketTypes: [{ TicketTypeCode: '0056', Qty: 2.5, PriceInCents: 5000 }] },
      { UserSessionId: 'bad-7', TicketTypes: [{ TicketTypeCode: '9999', Qty: 2, PriceInCents: 5000 }] },
      { UserSessionId: 'bad-8', TicketTypes: student(3) }, // three tickets, two seats
      { UserSessionId: 'bad-9', OptionalClientId: '9.9.9.9' },
      { UserSessionId: 'bad-10', OptionalClientClass: undefined },
    ];
    for (const overrides of cases) {
      const { body } = await addTickets(overrides);
      expect(body.Result, JSON.stringify(overrides)).toBe(4);
      // eslint-disable-next-line no-control-regex -- no control characters may come back
      expect(body.ErrorDescription).toMatch(/^[^\x00-\x1f\x7f]+$/u);
    }
    expect((await control<OrderView[]>('GET', '/__sim/orders')).body.filter((o) => o.userSessionId.startsWith('bad'))).toEqual([]);
    expect(await seatStatus('29617', 1, 0, 1)).toBe(0);
    expect(
      (await vistaPost<{ Result: number }>('/RESTTicketing.svc/order', { ...SEED_ORDER_REQUEST, UserSessionId: undefined })).body.Result,
    ).toBe(4);
    expect(
      (await vistaPost<{ Result: number }>('/RESTTicketing.svc/order/cancel', { ...SEED_ORDER_REQUEST, UserSessionId: 7 })).body.Result,
    ).toBe(4);
  });
});

describe('token and faults on every sale path', () => {
  const paths: { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
    { method: 'GET', path: SEED_CINEMAS_SELECT },
    { method: 'GET', path: SEED_NOW_SHOWING },
    { method: 'GET', path: SEED_TICKETS },
    { method: 'GET', path: SEED_SEAT_PLAN },
    { method: 'POST', path: '/RESTTicketing.svc/order/tickets', body: { ...SEED_ADD_TICKETS, UserSessionId: 'fault-1' } },
    { method: 'POST', path: '/RESTTicketing.svc/order', body: SEED_ORDER_REQUEST },
    { method: 'POST', path: '/RESTTicketing.svc/order/cancel', body: orderRequest('fault-1') },
  ];
  const call = (p: (typeof paths)[number], token: string | null = sim.token) =>
    p.method === 'GET'
      ? vistaGet<Record<string, unknown>>(p.path, { token })
      : vistaPost<Record<string, unknown>>(p.path, p.body, { token });

  it('connectapitoken is checked on each', async () => {
    for (const p of paths) {
      expect((await call(p, null)).status, p.path).toBe(401);
      expect((await call(p, 'wrong')).status, p.path).toBe(401);
    }
  });

  it('an injected HTTP status, a result code and a reset hit each, once', async () => {
    for (const p of paths) {
      const pathOnly = p.path.split('?')[0]!;
      await control('POST', '/__sim/faults', { path: pathOnly, status: 503, times: 1 });
      expect((await call(p)).status, p.path).toBe(503);
      await control('POST', '/__sim/faults', { path: pathOnly, result: 5, times: 1 });
      const faulted = await call(p);
      expect(faulted.status).toBe(200);
      expect(faulted.body.Result ?? faulted.body.ResponseCode, p.path).toBe(5);
      await control('POST', '/__sim/faults', { path: pathOnly, reset: true, times: 1 });
      await expect(call(p)).rejects.toThrow();
      expect((await call(p)).status, p.path).toBe(200);
    }
    await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('fault-1'));
  });
});

describe('more of the seed and the control API', () => {
  it("the Sessions entity set answers seed §1's $filter example (CinemaId and a Showtime window) with $select", async () => {
    const day = (offsetDays: number) => new Date(clock + 480 * 60_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const window = `CinemaId eq '0200' and Showtime gt datetime'${day(-1)}' and Showtime lt datetime'${day(3)}'`;
    const { body } = await vistaGet<{ value: Record<string, unknown>[] }>(
      `/OData.svc/Sessions()?$format=json&$filter=${encodeURIComponent(window)}&$select=SessionId,ScheduledFilmId,Showtime`,
    );
    expect(body.value.map((s) => s.SessionId)).toEqual(expect.arrayContaining(['29617', '29618', '29619']));
    for (const s of body.value) expect(Object.keys(s).sort()).toEqual(['ScheduledFilmId', 'SessionId', 'Showtime']);
    const old = encodeURIComponent("CinemaId eq '0200' and Showtime gt datetime'2015-08-08' and Showtime lt datetime'2015-08-09'");
    expect((await vistaGet<{ value: unknown[] }>(`/OData.svc/Sessions()?$format=json&$filter=${old}`)).body.value).toEqual([]);
    expect((await vistaGet(`/OData.svc/Sessions?$format=json&$filter=${encodeURIComponent('CinemaId eq 0200 or x')}`)).status).toBe(400);
  });

  it('of many AddTickets racing for one seat, exactly one holds it', async () => {
    const racers = Array.from({ length: 8 }, (_, i) =>
      addTickets({ UserSessionId: `many-${i}`, SelectedSeats: [seat(6, 8)], TicketTypes: student(1) }),
    );
    const results = (await Promise.all(racers)).map((r) => r.body.Result);
    expect(results.filter((r) => r === 0)).toHaveLength(1);
    expect(results.filter((r) => r === 8)).toHaveLength(7);
    const sessions = await control<{ sessionId: string; seats: { held: number } }[]>('GET', '/__sim/sessions');
    expect(sessions.body.find((s) => s.sessionId === '29617')!.seats.held).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 8; i += 1) await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest(`many-${i}`));
    expect(await seatStatus('29617', 1, 6, 8)).toBe(0);
  });

  it('a booking made through the control API never takes a seat an order holds', async () => {
    // IMAX (29618): row 10 (RowIndex 11) numbers its 20 seats from the right; the demo booking has 10排1座 and 2座.
    const imax = [{ TicketTypeCode: '0056', Qty: 1, PriceInCents: 4500, BookingFeeOverride: null }];
    const held = await addTickets({ UserSessionId: 'imax-1', SessionId: '29618', SelectedSeats: [seat(11, 19)], TicketTypes: imax });
    expect((held.body.Order!.Sessions as { Tickets: { SeatData: string }[] }[])[0]!.Tickets[0]!.SeatData).toBe('10排3座');
    const made = await control<{ bookingNumber: number }>('POST', '/__sim/bookings', { sessionId: '29618', ticketCount: 2 });
    expect(made.status).toBe(201);
    const booking = sim.state.findBooking(made.body.bookingNumber, undefined)!;
    const names = booking.tickets.map((t) => `${t.rowId}排${t.seatNumber}座`);
    expect(names).not.toContain('10排3座');
    for (const name of names) {
      const [row, number] = name.replace('座', '').split('排') as [string, string];
      const { body } = await vistaGet<PlanJson>('/RESTData.svc/cinemas/0200/sessions/29618/seat-plan');
      const shown = body.SeatLayoutData!.Areas[0]!.Rows.find((r) => r.PhysicalName === row)!.Seats.find((x) => x.Id === number);
      expect(shown?.Status).toBe(1);
    }
    await vistaPost('/RESTTicketing.svc/order/cancel', orderRequest('imax-1'));
  });

  it('the control API refuses what it cannot do with a clear error', async () => {
    const take = (sessionId: string, body: unknown) => control<{ error: string }>('POST', `/__sim/sessions/${sessionId}/take-seats`, body);
    expect((await take('29617', { seats: [] })).status).toBe(400);
    expect((await take('29617', { seats: [{ rowIndex: 0, columnIndex: 0, areaNumber: 1 }] })).body.error).toMatch(/No seat at/u);
    expect((await take('1', { seats: [{ rowIndex: 0, columnIndex: 1, areaNumber: 1 }] })).status).toBe(404);
    expect((await control('POST', '/__sim/sessions/29617/sold-out', { on: 'yes' })).status).toBe(400);
    expect((await control('POST', '/__sim/sessions', {})).status).toBe(400);
    expect((await control('POST', '/__sim/sessions', { startsInSeconds: 60, screenName: '9号厅' })).status).toBe(400);
    expect((await control('POST', '/__sim/sessions', { startsInSeconds: 60, filmIndex: 7 })).status).toBe(400);
    expect((await control('POST', '/__sim/sale-config', { holdSeconds: -1 })).status).toBe(400);
  });
});

describe('the hold time and cut-off as settings', () => {
  it('default 15 minutes and 15 minutes; changed at run time through /__sim/sale-config', async () => {
    const fresh = await startCentralSim({ demo: false });
    try {
      const read = async () => (await fetch(`${fresh.url}/__sim/sale-config`)).json();
      expect(await read()).toEqual({ holdSeconds: 900, cutoffMinutes: 15 });
      await fetch(`${fresh.url}/__sim/sale-config`, { method: 'POST', body: JSON.stringify({ holdSeconds: 2, cutoffMinutes: 5 }) });
      expect(await read()).toEqual({ holdSeconds: 2, cutoffMinutes: 5 });
    } finally {
      await fresh.close();
    }
  });

  it('`npm run sim -- --hold-seconds 1`: a hold made over HTTP expires on the real clock and its seats return', async () => {
    const { startSimProcess } = await import('../support/sim-process');
    const proc = await startSimProcess(['--hold-seconds', '1', '--sale-cutoff-minutes', '20']);
    try {
      const origin = new URL(proc.central).origin;
      expect(await (await fetch(`${origin}/__sim/sale-config`)).json()).toEqual({ holdSeconds: 1, cutoffMinutes: 20 });
      const held = await fetch(`${proc.central}/RESTTicketing.svc/order/tickets`, {
        method: 'POST',
        headers: { connectapitoken: proc.token, 'content-type': 'application/json' },
        body: JSON.stringify(SEED_ADD_TICKETS),
      });
      expect(((await held.json()) as { Result: number }).Result).toBe(0);
      const state = async () => ((await (await fetch(`${origin}/__sim/orders`)).json()) as OrderView[])[0]!.state;
      expect(await state()).toBe('held');
      const deadline = Date.now() + 5_000;
      while ((await state()) === 'held' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await state()).toBe('expired');
    } finally {
      proc.stop();
    }
  });
});
