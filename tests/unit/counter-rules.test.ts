import { describe, expect, it } from 'vitest';
import { attentionNeedsApproval, isReprintable, refundKindOf } from '../../shared/domain/counter-rules';
import { printNoOf, padPrintNo } from '../../shared/domain/print-no';
import { ticketStates } from '../../shared/domain/ticket';
import { AttentionService } from '../../electron/core/office/attention.service';

describe('the box office rules the office screen shares with the core', () => {
  it('refunds all-printed at the counter, all-unprinted online, and nothing else', () => {
    expect(refundKindOf(['printed', 'printed'])).toBe('local');
    expect(refundKindOf(['unprinted'])).toBe('online');
    expect(refundKindOf([])).toBeNull();
    expect(refundKindOf(['printed', 'unprinted'])).toBeNull();
    for (const state of ticketStates.filter((s) => s !== 'printed' && s !== 'unprinted')) expect(refundKindOf([state])).toBeNull();
  });

  it('reprints printed tickets and unknown prints only', () => {
    expect(ticketStates.filter(isReprintable)).toEqual(['printed', 'unknown']);
  });

  it('asks a supervisor to settle an unknown print, as the core does', () => {
    for (const id of ['unknown:1111111111111111', 'refund:R-1', 'dead:7', 'guessing:clerk1']) {
      for (const action of ['confirm-printed', 'mark-unprinted', 'reprint', 'retry', 'check-central']) {
        expect([id, action, attentionNeedsApproval(id, action)]).toEqual([id, action, AttentionService.needsApproval(id, action)]);
      }
    }
  });

  it('shows a booking number as its printNo', () => {
    expect(printNoOf(1234)).toBe('0000000000001234');
    expect(padPrintNo(printNoOf(Number.MAX_SAFE_INTEGER))).toBe(printNoOf(Number.MAX_SAFE_INTEGER));
  });
});
