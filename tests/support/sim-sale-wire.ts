import type { RunningCentralSim } from '../../electron/simulator/central-sim.server';

/** Seed 003's example third-party client identity, as its sale examples send it. */
export const SEED_CLIENT = { OptionalClientClass: 'RSP', OptionalClientId: '111.111.111.111', OptionalClientName: '3rdParty' };

/** Seed §3.5's AddTickets request (its PDF's `Cinemald` and `BookingFeeOverri de` written whole). */
export const SEED_ADD_TICKETS = {
  UserSessionId: 'FTest201508060001',
  CinemaId: '0200',
  SessionId: '29617',
  TicketTypes: [{ TicketTypeCode: '0056', Qty: 2, PriceInCents: 5000, BookingFeeOverride: null }],
  ReturnOrder: true,
  BookingFeeOverride: null,
  SelectedSeats: [
    { AreaCategoryCode: '0000000001', AreaNumber: 1, RowIndex: 0, ColumnIndex: 1 },
    { AreaCategoryCode: '0000000001', AreaNumber: 1, RowIndex: 0, ColumnIndex: 2 },
  ],
  ...SEED_CLIENT,
};

/** The order request of seed §3.6–§3.8 (GetOrder, CancelOrder, StartExternalPayment) for that order. */
export const SEED_ORDER_REQUEST = { UserSessionId: 'FTest201508060001', ...SEED_CLIENT };

export type WireReply<T> = { status: number; body: T };

/**
 * Vista's wire and the control API of an in-process central simulator, as the sale's conformance
 * tests call them: `token` null sends no connectapitoken, a string sends that one, else the simulator's.
 * `sim` is read at each call (a test may start a simulator per test).
 */
export function simSaleWire(sim: () => RunningCentralSim) {
  const headers = (token: string | null | undefined): Record<string, string> => {
    const sent = token === undefined ? sim().token : token;
    return sent ? { connectapitoken: sent } : {};
  };
  const get = async <T>(path: string, init: { token?: string | null } = {}): Promise<WireReply<T>> => {
    const response = await fetch(`${sim().baseUrl}${path}`, { headers: headers(init.token) });
    return { status: response.status, body: (await response.json()) as T };
  };
  const post = async <T>(
    path: string,
    body: unknown,
    init: { token?: string | null; signal?: AbortSignal } = {},
  ): Promise<WireReply<T>> => {
    const response = await fetch(`${sim().baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers(init.token) },
      body: JSON.stringify(body),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const control = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<WireReply<T>> => {
    const response = await fetch(`${sim().url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  /** A seat's status on the session's seat plan (seed §3.4), undefined when there is no such seat. */
  const seatStatus = async (sessionId: string, areaNumber: number, rowIndex: number, columnIndex: number): Promise<number | undefined> => {
    const { body } = await get<{
      SeatLayoutData: { Areas: { Number: number; Rows: { Seats: { Position: { ColumnIndex: number }; Status: number }[] }[] }[] } | null;
    }>(`/RESTData.svc/cinemas/0200/sessions/${sessionId}/seat-plan`);
    const area = body.SeatLayoutData?.Areas.find((a) => a.Number === areaNumber);
    return area?.Rows[rowIndex]?.Seats.find((s) => s.Position.ColumnIndex === columnIndex)?.Status;
  };
  return { get, post, control, seatStatus };
}
