import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { SarftKioskHttpClient } from '../../electron/core/central/sarft-kiosk-service.client';
import { startCentralSim, type RunningCentralSim } from '../../electron/simulator/central-sim.server';
import { recordPayment } from '../../electron/simulator/central-sim.strict';
import type { SimBooking } from '../../electron/simulator/central-sim.state';
import { startSimProcess } from '../support/sim-process';

/*
 * The seed's own example bodies (seed 003 §3.11 and §3.12), copied as they stand. The seed's text was
 * extracted from a PDF, which damaged three names: `Cinemald` is `CinemaId`,
 * `ReturnTransactionStatusInfolfSingleBookingMatch` is `ReturnTransactionStatusInfoIfSingleBookingMatch`
 * and `Payment Value Cents` is `PaymentValueCents`; the fixtures use the real names. Where the §3.11
 * response shows `.....` (between `MaskedBookingCardNumber` and `Phone`) the fixture leaves it out; the
 * table names `Payments` there.
 */
const SEED_3_11_REQUEST = `{
"ReturnTransactionStatusInfoIfSingleBookingMatch": true,
"BookingId":"WQNX8JL",
"BookingNumber":0,
"CinemaId":"0200",
"OptionalClientId": "111.111.111.111"
}`;

const SEED_3_11_RESPONSE = `{"Booking":{
    "BookingDate":"\\/Date(1438827090840+0800)\\/",
    "BookingId":"WQNX8JL",
    "BookingNumber":111972,
    "BookingRef":"ABC Cinemas-111972, 2015\\/08\\/06 10:11",
    "CancelledStatus":"0",
    "CinemaId":"0200",
    "CinemaName": "CHTEST01",
    "ClientId":"111.111.111.111",
    "MaskedBookingCardNumber": "123456..9012",
    "Phone":"",
    "PickupName":"",
    "Tickets":[ {
         "CollectedStatus": "0",
        "Description": "web ticket",
        "DescriptionAlt":"",
        "MovieName":"重返 20 岁",
        "MovieNameAlt":"",
        "PriceInCents":5000,
        "RefundedStatus":"0",
        "SessionDateTime":"\\/Date(1438829400000+0800)\\/",
        "SessionId":29617,
        "TicketSequenceNumber":1,
        "TicketTypeCode":"0056"
      }],
    "TotalValueCents":10000,
    "UserSessionId":"FTest201508060001",
    "VistaTransactionId":375975
  },
   "ResultCode":0
}`;

const SEED_3_12_REQUEST = `{
"CinemaId":"0200",
"PaymentInfo":{
"CardNumber":"123456789012",
"CardType":"CreditCard",
"PaymentValueCents": 10000,
"PaymentTenderCategory":"CreditCard"
},
"BookingNumber":111972,
"RefundReason":"Test",
"RefundConcessions":true,
"RefundAmount":10000,
"RefundBookingFee":true,
"MarkAsRefundedOnly":false,
"OptionalClientId": "111.111.111.111"
}`;

const SEED_3_12_RESPONSE = `{"ErrorDescription":null,"ResultCode":0}`;

type Json = Record<string, unknown>;
const seedBooking = (JSON.parse(SEED_3_11_RESPONSE) as { Booking: Json }).Booking;
const seedTicket = (seedBooking.Tickets as Json[])[0]!;
const seedPaymentInfo = (JSON.parse(SEED_3_12_REQUEST) as { PaymentInfo: Json }).PaymentInfo;
const VISTA_DATE = /^\/Date\(\d+\+0800\)\/$/u;

let strict: RunningCentralSim;
let loose: RunningCentralSim;
/** The seed's booking: 111972, WQNX8JL, two tickets of 50 yuan without a booking fee, paid by card 123456789012. */
let seedLike: SimBooking;

async function post(sim: RunningCentralSim, path: string, body: string | Json): Promise<{ status: number; text: string; json: Json }> {
  const res = await request(`${sim.baseUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connectapitoken: sim.token },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, text, json: JSON.parse(text) as Json };
}

const keysOf = (value: unknown): string[] => Object.keys(value as Json);
const typesOf = (value: Json): Record<string, string> =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v]));
/** Every member name anywhere in a JSON value. */
const allKeys = (value: unknown): string[] =>
  value !== null && typeof value === 'object'
    ? Object.entries(value).flatMap(([k, v]) => [...(Array.isArray(value) ? [] : [k]), ...allKeys(v)])
    : [];

beforeAll(async () => {
  [strict, loose] = await Promise.all([startCentralSim({ demo: false, strictSeed: true }), startCentralSim({ demo: false })]);
  seedLike = strict.state.createBooking({ ticketCount: 2, sessionId: '29617' });
  seedLike.bookingId = 'WQNX8JL';
  for (const t of seedLike.tickets) Object.assign(t, { priceCents: 5000, serviceFeeCents: 0 });
  recordPayment(seedLike, {
    CardNumber: '123456789012',
    CardType: 'CreditCard',
    PaymentTenderCategory: 'CreditCard',
    PaymentValueCents: 10000,
  });
});
afterAll(async () => {
  await Promise.all([strict?.close(), loose?.close()]);
});

describe('GetSingleBooking in seed-strict mode (seed 003 §3.11)', () => {
  it("answers the seed's request with the seed's shape: the same members in the same order and of the same types, Payments where the seed shows .....", async () => {
    expect(seedLike.bookingNumber).toBe(111972);
    const reply = await post(strict, 'RESTBooking.svc/booking', SEED_3_11_REQUEST);
    expect(reply.status).toBe(200);
    expect(keysOf(reply.json)).toEqual(keysOf(JSON.parse(SEED_3_11_RESPONSE)));
    expect(reply.json.ResultCode).toBe(0);
    const booking = reply.json.Booking as Json;
    const expectedKeys = keysOf(seedBooking);
    expectedKeys.splice(expectedKeys.indexOf('Phone'), 0, 'Payments');
    expect(keysOf(booking)).toEqual(expectedKeys);
    const { Payments: payments, ...rest } = booking;
    expect(typesOf(rest)).toEqual(typesOf(seedBooking));
    const tickets = booking.Tickets as Json[];
    expect(tickets).toHaveLength(2);
    for (const t of tickets) {
      expect(keysOf(t)).toEqual(keysOf(seedTicket));
      expect(typesOf(t)).toEqual(typesOf(seedTicket));
      expect(t.SessionDateTime).toMatch(VISTA_DATE);
      expect(t).toMatchObject({
        CollectedStatus: '0',
        RefundedStatus: '0',
        Description: 'web ticket',
        SessionId: 29617,
        PriceInCents: 5000,
      });
    }
    expect(tickets.map((t) => t.TicketSequenceNumber)).toEqual([1, 2]);
    expect(booking).toMatchObject({
      BookingId: 'WQNX8JL',
      BookingNumber: 111972,
      CinemaId: '0200',
      CancelledStatus: '0',
      ClientId: '111.111.111.111',
      MaskedBookingCardNumber: '123456..9012',
      TotalValueCents: 10000,
    });
    expect(booking.BookingDate).toMatch(VISTA_DATE);
    expect(booking.BookingRef).toMatch(/^.+-111972, \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/u);
    // Payments: the members of §3.12's PaymentInfo, as CompleteOrder sent them.
    expect(payments).toEqual([seedPaymentInfo]);
    // On the wire as WCF writes it, like the seed's example.
    expect(reply.text).toMatch(/^\{"Booking":\{"BookingDate":"\\\/Date\(\d+\+0800\)\\\/","BookingId":"WQNX8JL",/u);
  });

  it('carries no seat, hall, ticket code, QR, service fee or national id anywhere', async () => {
    const reply = await post(strict, 'RESTBooking.svc/booking', {
      ...JSON.parse(SEED_3_11_REQUEST),
      BookingId: null,
      BookingNumber: 111972,
    });
    expect(reply.json.ResultCode).toBe(0);
    const extended = allKeys(reply.json).filter((k) => /Seat|Screen|Area|TicketCode|TicketInfoCode|QR|Fee|National|FilmTitle/iu.test(k));
    expect(extended).toEqual([]);
    // The default mode keeps them (the demo and every other test depend on it).
    const b = loose.state.createBooking({ ticketCount: 1 });
    const full = await post(loose, 'RESTBooking.svc/booking', {
      ...JSON.parse(SEED_3_11_REQUEST),
      BookingId: null,
      BookingNumber: b.bookingNumber,
    });
    const fullTicket = ((full.json.Booking as Json).Tickets as Json[])[0]!;
    expect(fullTicket).toMatchObject({
      TicketCode: b.tickets[0]!.ticketCode,
      TicketInfoCode: b.tickets[0]!.ticketInfoCode,
      SeatRowId: b.tickets[0]!.rowId,
    });
    expect(full.text).not.toContain('\\/');
  });

  it('checks the request as the table says: the flag true, CinemaId, OptionalClientId, BookingId or BookingNumber (ResultCode 4), an unknown booking 47', async () => {
    const seedRequest = JSON.parse(SEED_3_11_REQUEST) as Json;
    const cases: [Json, RegExp][] = [
      [{ ...seedRequest, ReturnTransactionStatusInfoIfSingleBookingMatch: undefined }, /ReturnTransactionStatusInfoIfSingleBookingMatch/u],
      [
        {
          ...seedRequest,
          ReturnTransactionStatusInfolfSingleBookingMatch: true,
          ReturnTransactionStatusInfoIfSingleBookingMatch: undefined,
        },
        /ReturnTransaction/u,
      ],
      [{ ...seedRequest, CinemaId: undefined }, /CinemaId/u],
      [{ ...seedRequest, OptionalClientId: undefined }, /OptionalClientId/u],
      [{ ...seedRequest, BookingId: undefined }, /BookingId or BookingNumber/u],
      [{ ...seedRequest, BookingNumber: '111972' }, /BookingNumber/u],
    ];
    for (const [body, description] of cases) {
      const reply = await post(strict, 'RESTBooking.svc/booking', body);
      expect(reply.json).toMatchObject({ Booking: null, ResultCode: 4 });
      expect(reply.json.ErrorDescription).toMatch(description);
    }
    const unknown = await post(strict, 'RESTBooking.svc/booking', { ...seedRequest, BookingId: 'ZZZZZZZ' });
    expect(unknown.json).toMatchObject({ Booking: null, ResultCode: 47 });
    const otherCinema = await post(strict, 'RESTBooking.svc/booking', { ...seedRequest, CinemaId: '0300' });
    expect(otherCinema.json).toMatchObject({ Booking: null, ResultCode: 47 });
  });

  it('has no markcollected path: it answers as an unknown path does, and marks nothing (the default mode keeps it)', async () => {
    const b = strict.state.createBooking({ ticketCount: 1 });
    const body = { CinemaId: '0200', BookingNumber: b.bookingNumber, TicketSequenceNumbers: [1], OptionalClientId: '111.111.111.111' };
    const marked = await post(strict, 'RESTBooking.svc/booking/markcollected', body);
    const unknown = await post(strict, 'RESTBooking.svc/booking/nosuchcall', body);
    expect({ status: marked.status, text: marked.text }).toEqual({ status: unknown.status, text: unknown.text });
    expect(marked.status).toBe(404);
    expect(b.tickets[0]!.collected).toBe(false);

    const l = loose.state.createBooking({ ticketCount: 1 });
    const looseMarked = await post(loose, 'RESTBooking.svc/booking/markcollected', { ...body, BookingNumber: l.bookingNumber });
    expect(looseMarked.json).toMatchObject({ Result: 0 });
    expect(l.tickets[0]!.collected).toBe(true);
  });
});

describe('the SarftKioskService stand-in beside a strict simulator', () => {
  it('marks the tickets printed in the shared bookings: the strict GetSingleBooking then shows them collected', async () => {
    const b = strict.state.createBooking({ ticketCount: 3 });
    const sarft = new SarftKioskHttpClient({
      baseUrl: strict.sarft.url,
      username: strict.sarft.username,
      password: strict.sarft.password,
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
    });
    try {
      const printed = await sarft.print(String(b.bookingNumber), createHash('md5').update(b.bookingId).digest('hex'));
      expect(printed.tickets.map((t) => t.ticketInfoCode)).toEqual(b.tickets.map((t) => t.ticketInfoCode));
      await sarft.printResult(String(b.bookingNumber), 2);
    } finally {
      await sarft.close();
    }
    const reply = await post(strict, 'RESTBooking.svc/booking', { ...JSON.parse(SEED_3_11_REQUEST), BookingId: b.bookingId });
    expect(((reply.json.Booking as Json).Tickets as Json[]).map((t) => t.CollectedStatus)).toEqual(['1', '1', '0']);
  });
});

describe('RefundBooking in seed-strict mode (seed 003 §3.12)', () => {
  const seedRequest = () => JSON.parse(SEED_3_12_REQUEST) as Json;

  it("refuses the seed's own example as it stands (MarkAsRefundedOnly false; third parties send true), then without PaymentInfo, then with another card", async () => {
    const asInSeed = await post(strict, 'RESTBooking.svc/booking/refund', SEED_3_12_REQUEST);
    expect(asInSeed.json).toMatchObject({ ResultCode: 4 });
    expect(asInSeed.json.ErrorDescription).toMatch(/MarkAsRefundedOnly must be true/u);

    const noPayment = await post(strict, 'RESTBooking.svc/booking/refund', {
      ...seedRequest(),
      MarkAsRefundedOnly: true,
      PaymentInfo: undefined,
    });
    expect(noPayment.json).toMatchObject({ ResultCode: 4 });
    expect(noPayment.json.ErrorDescription).toMatch(/PaymentInfo is required/u);

    const missingMark = await post(strict, 'RESTBooking.svc/booking/refund', { ...seedRequest(), MarkAsRefundedOnly: undefined });
    expect(missingMark.json.ErrorDescription).toMatch(/MarkAsRefundedOnly/u);

    const damagedName = {
      ...seedRequest(),
      MarkAsRefundedOnly: true,
      PaymentInfo: { ...seedPaymentInfo, PaymentValueCents: undefined, 'Payment Value Cents': 10000 },
    };
    expect((await post(strict, 'RESTBooking.svc/booking/refund', damagedName)).json.ErrorDescription).toMatch(
      /PaymentInfo\.PaymentValueCents is required/u,
    );

    const otherCard = await post(strict, 'RESTBooking.svc/booking/refund', {
      ...seedRequest(),
      MarkAsRefundedOnly: true,
      PaymentInfo: { ...seedPaymentInfo, CardNumber: '999999999999' },
    });
    expect(otherCard.json.ErrorDescription).toMatch(/PaymentInfo\.CardNumber does not match/u);

    for (const field of ['CinemaId', 'BookingNumber', 'RefundReason', 'RefundAmount', 'RefundBookingFee', 'OptionalClientId']) {
      const reply = await post(strict, 'RESTBooking.svc/booking/refund', {
        ...seedRequest(),
        MarkAsRefundedOnly: true,
        [field]: undefined,
      });
      expect(reply.json).toMatchObject({ ResultCode: 4 });
      expect(reply.json.ErrorDescription).toMatch(new RegExp(`^${field} is required`, 'u'));
    }
    expect(seedLike.tickets.some((t) => t.refunded)).toBe(false);
    expect(seedLike.calls.refund).toBe(0);
  });

  it("accepts it with MarkAsRefundedOnly true and answers exactly the seed's response; the booking reads refunded; again is 63", async () => {
    const reply = await post(strict, 'RESTBooking.svc/booking/refund', { ...seedRequest(), MarkAsRefundedOnly: true });
    expect(reply.text).toBe(SEED_3_12_RESPONSE);
    expect(seedLike.effects).toMatchObject({ refunded: 2, refundedCents: 10000 });
    const after = await post(strict, 'RESTBooking.svc/booking', SEED_3_11_REQUEST);
    const booking = after.json.Booking as Json;
    expect(booking.CancelledStatus).toBe('1');
    expect((booking.Tickets as Json[]).map((t) => t.RefundedStatus)).toEqual(['1', '1']);
    const again = await post(strict, 'RESTBooking.svc/booking/refund', { ...seedRequest(), MarkAsRefundedOnly: true });
    expect(again.json).toMatchObject({ ResultCode: 63 });
  });

  it('applies the fee rule: without the booking fee RefundAmount is the total less the fee; a ticket list is not in the seed, so the whole booking goes', async () => {
    const b = strict.state.createBooking({ ticketCount: 2 });
    const total = b.tickets.reduce((s, t) => s + t.priceCents + t.serviceFeeCents, 0);
    const fee = b.tickets.reduce((s, t) => s + t.serviceFeeCents, 0);
    expect(fee).toBeGreaterThan(0);
    const lookup = await post(strict, 'RESTBooking.svc/booking', { ...JSON.parse(SEED_3_11_REQUEST), BookingId: b.bookingId });
    const payment = ((lookup.json.Booking as Json).Payments as Json[])[0]!;
    // Not recorded from a CompleteOrder: §3.9's defaults for third parties.
    expect(payment).toEqual({
      CardNumber: '9999999999999999',
      CardType: 'CreditCard',
      PaymentTenderCategory: 'CreditCard',
      PaymentValueCents: total,
    });
    expect((lookup.json.Booking as Json).MaskedBookingCardNumber).toBe('999999..9999');
    const request = {
      ...seedRequest(),
      BookingNumber: b.bookingNumber,
      MarkAsRefundedOnly: true,
      PaymentInfo: payment,
      RefundBookingFee: false,
    };

    const withFee = await post(strict, 'RESTBooking.svc/booking/refund', { ...request, RefundAmount: total });
    expect(withFee.json).toMatchObject({ ResultCode: 4 });
    expect(b.tickets.some((t) => t.refunded)).toBe(false);

    const partial = await post(strict, 'RESTBooking.svc/booking/refund', {
      ...request,
      RefundAmount: total - fee,
      TicketSequenceNumbers: [1],
    });
    expect(partial.text).toBe(SEED_3_12_RESPONSE);
    expect(b.tickets.map((t) => t.refunded)).toEqual([true, true]);
    expect(b.effects.refundedCents).toBe(total - fee);
  });
});

describe('npm run sim -- --strict-seed', () => {
  it('prints READY with the SarftKioskService stand-in and answers strictly', async () => {
    const sim = await startSimProcess(['--strict-seed']);
    try {
      expect(sim.sarft.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/SarftKioskService$/u);
      expect(sim.sarft.username.length).toBeGreaterThan(0);
      expect(sim.sarft.password.length).toBeGreaterThan(8);
      const res = await request(`${sim.central}/RESTBooking.svc/booking`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connectapitoken: sim.token },
        body: JSON.stringify({ ...JSON.parse(SEED_3_11_REQUEST), BookingId: null, BookingNumber: 111972 }),
      });
      const reply = (await res.body.json()) as { Booking: Json; ResultCode: number };
      expect(reply.ResultCode).toBe(0);
      expect(keysOf((reply.Booking.Tickets as Json[])[0])).toEqual(keysOf(seedTicket));
    } finally {
      sim.stop();
    }
  });
});
