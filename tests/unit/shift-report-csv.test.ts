import { describe, expect, it } from 'vitest';
import { shiftReportCsv, shiftReportLines } from '../../electron/core/office/shift-report';

/** The shift report's CSV cell for a hostile actor name. */
function actorCell(actor: string): string {
  const { lines, totals } = shiftReportLines([{ actor, terminal_id: 'BOX-01', kind: 'printed', tickets: 1, amount_cents: 100 }]);
  const row = shiftReportCsv(lines, totals).split('\r\n')[1]!;
  return row.slice(0, row.lastIndexOf(',BOX-01,'));
}

describe('shift report CSV cells a spreadsheet cannot run', () => {
  it('defuses a formula behind a leading tab, CR or LF as it does a leading = + - @', () => {
    expect(actorCell('\t=HYPERLINK("http://x.example")')).toBe(`"'\t=HYPERLINK(""http://x.example"")"`);
    expect(actorCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(actorCell('\n@SUM(A1)')).toBe(`"'\n@SUM(A1)"`);
    expect(actorCell('\t1')).toBe(`'\t1`);
    for (const lead of ['=', '+', '-', '@']) expect(actorCell(`${lead}1`)).toBe(`'${lead}1`);
    expect(actorCell('staff:clerk1')).toBe('staff:clerk1');
  });
});
