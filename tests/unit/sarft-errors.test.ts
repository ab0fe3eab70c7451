import { describe, expect, it } from 'vitest';
import { uiErrorOfSarft } from '../../electron/core/collection/sarft-errors';
import { SarftCode } from '../../shared/contract/sarft-codes';
import { INCOMPLETE_TICKET_MESSAGE } from '../../shared/domain/complete-ticket';

/**
 * An incomplete ticket travels as the SARFT codes allow (2, "other error", for other vendors' kiosks) with a
 * machine-readable marker in `details.reason`: our kiosk goes by the marker, whatever the message says.
 */
describe('print-service refusals as the customer hears of them', () => {
  it('code 2 with the incomplete-ticket marker: see the box office, whatever the wording', () => {
    expect(uiErrorOfSarft(SarftCode.OtherError, 'anything', { reason: 'incomplete-ticket', missing: ['seatName'] })).toBe(
      'TICKET_INCOMPLETE',
    );
  });

  it("the message's text alone is not the marker; another code with the marker is not it either", () => {
    expect(uiErrorOfSarft(SarftCode.OtherError, INCOMPLETE_TICKET_MESSAGE)).toBe('INTERNAL');
    expect(uiErrorOfSarft(SarftCode.OtherError, INCOMPLETE_TICKET_MESSAGE, 'incomplete-ticket')).toBe('INTERNAL');
    expect(uiErrorOfSarft(SarftCode.Refunded, 'x', { reason: 'incomplete-ticket' })).toBe('REFUNDED');
  });
});
