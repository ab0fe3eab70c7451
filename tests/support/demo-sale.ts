import { dispatchUiCall } from '../../electron/core/api/ui-dispatch';
import type { RunningHost } from '../../electron/host/host';
import type { UiCallName, UiOutput } from '../../shared/contract/ui';
import { isSelectable } from '../../shared/domain/seat-plan';
import type { Result } from '../../shared/errors';
import { eventually } from './sim-control';

/** A UI call on the host's dispatcher, as the kiosk page or the office console makes it. */
export const callOn =
  (host: () => RunningHost) =>
  <N extends UiCallName>(name: N, input: Record<string, unknown>) =>
    dispatchUiCall(host().core.handlers, name, input) as Promise<Result<UiOutput<N>>>;

export const valueOf = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
  return r.value;
};

/** Holds `qty` free single seats (no sofa) of the demo's session 29617 with ticket type 0010, at the kiosk or, with `session`, at the counter. */
export async function holdFreeSeats(host: RunningHost, qty: number, session?: string): Promise<UiOutput<'sale.hold'>> {
  const call = callOn(() => host);
  const plan = valueOf(await call('sale.seatPlan', { sessionId: '29617' })).plan;
  const type = valueOf(await call('sale.ticketTypes', { sessionId: '29617' })).ticketTypes.find((t) => t.ticketTypeCode === '0010')!;
  const free = plan.areas
    .flatMap((a) => a.rows.flatMap((r) => r.seats))
    .filter((s) => isSelectable(s) && s.sofa === null && s.status === 'free' && s.areaCategoryCode === type.areaCategoryCode)
    .slice(0, qty);
  const input = {
    sessionId: '29617',
    tickets: [{ ticketTypeCode: '0010', qty }],
    seats: free.map((s) => ({ areaNumber: s.areaNumber, rowIndex: s.rowIndex, columnIndex: s.columnIndex })),
  };
  return valueOf(session ? await call('office.sale.hold', { ...input, session }) : await call('sale.hold', input));
}

/** The order's pay status once it reached one of `states`. */
export const orderSettled = (host: RunningHost, orderId: string, states: string[], timeoutMs = 20_000) =>
  eventually(
    async () => valueOf(await callOn(() => host)('sale.payStatus', { orderId })),
    (o) => states.includes(o.state),
    timeoutMs,
  );
