import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readTicketsReply } from '../../electron/core/central/sarft-kiosk-service.client';
import { SarftKioskError } from '../../electron/core/central/sarft-kiosk-service';
import { hasUnsafeCharacters } from '../../shared/domain/text';

// Whatever a service on the LAN answers, the client's reading of a ticket reply either refuses it with
// a SarftKioskError or gives tickets whose every text is free of control, separator and bidi
// characters and whose money and times are real numbers: nothing else escapes it.

const PRINT_NO = '0000000000111972';
const fields: Record<string, string> = {
  PrintNo: PRINT_NO,
  TicketInfoCode: '31090211ABCDEF==',
  CinemaCode: '31090211',
  CinemaName: '星河影城',
  ScreenCode: '3109021100000001',
  ScreenName: '1号厅',
  FilmCode: '001200472025',
  FilmName: '流浪地球3',
  SessionCode: '0000000000029617',
  SessionDateTime: '2026-12-07 19:30:00',
  TicketCode: '3109021100000001',
  SeatCode: '3109021100000001005012',
  SeatName: '5排12座',
  Price: '45.00',
  Service: '3.00',
  PrintFlag: '0',
};
const escape = (text: string) => text.replace(/[&<>]/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
const reply = (ticket: Record<string, string>, raw = false) =>
  `<?xml version="1.0" encoding="utf-8"?><QueryTicketInfoReply><ResultCode>0</ResultCode><Message>ok</Message><Tickets><Ticket>${Object.entries(
    ticket,
  )
    .map(([k, v]) => `<${k}>${raw ? v : escape(v)}</${k}>`)
    .join('')}</Ticket></Tickets></QueryTicketInfoReply>`;

/** Reads the reply; answers the tickets, or null for a refusal that is a SarftKioskError (anything else is thrown on). */
function read(text: string) {
  try {
    return readTicketsReply('QueryTicketInfo', text, PRINT_NO).tickets;
  } catch (error) {
    if (error instanceof SarftKioskError) return null;
    throw error;
  }
}

function expectClean(tickets: ReturnType<typeof read>): void {
  if (tickets === null) return;
  for (const t of tickets) {
    for (const value of Object.values(t)) {
      if (typeof value === 'string') expect(hasUnsafeCharacters(value)).toBe(false);
      if (typeof value === 'number') expect(Number.isSafeInteger(value)).toBe(true);
    }
    expect(t.sessionAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/u);
  }
}

/** Text with the characters that matter here: controls, bidi marks, entities, markup and plain CJK. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom(
        '\u001b',
        '\u0000',
        '\u0085',
        '\u202e',
        '\u2028',
        '&#27;',
        '&#x1B;',
        '&#0;',
        '&amp;',
        '&lt;b&gt;',
        '&bogus;',
        '<',
        ']]>',
        '排',
        '座',
      ),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('reading a SarftKioskService ticket reply', () => {
  it('accepts the plain reply (the base every case below changes)', () => {
    expect(read(reply(fields))).toHaveLength(1);
  });

  it('lets nothing unsafe through whatever any one field holds, escaped or raw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(fields)), hostileText, fc.boolean(), (name, value, raw) => {
        expectClean(read(reply({ ...fields, [name]: value }, raw)));
      }),
      { numRuns: 600 },
    );
  });

  it('refuses any control or bidi character in a name, however it is written', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CinemaName', 'ScreenName', 'FilmName', 'SeatName'),
        fc.constantFrom('\u001b', '\u0007', '\u007f', '\u009b', '\u202e', '\u2066', '\u2028'),
        fc.boolean(),
        (name, bad, asReference) => {
          const written = asReference ? `&#x${bad.codePointAt(0)!.toString(16)};` : bad;
          expect(read(reply({ ...fields, [name]: `前${written}后` }, true))).toBeNull();
        },
      ),
    );
  });

  it('never throws anything but a SarftKioskError for any text at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectClean(read(text));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.nat({ max: 1200 }), fc.nat({ max: 40 }), hostileText, (at, cut, insert) => {
        const base = reply(fields);
        expectClean(read(base.slice(0, at) + insert + base.slice(at + cut)));
      }),
      { numRuns: 600 },
    );
  });
});
