import { describe, expect, it } from 'vitest';
import { interpretStatus } from '../../electron/core/printing/printer-status';
import { statusByte, type VirtualPrinterCondition } from '../../electron/simulator/virtual-printer';

const fine: VirtualPrinterCondition = { online: true, coverOpen: false, paperOut: false, paperNearEnd: false };
const replies = (c: VirtualPrinterCondition) => [1, 2, 3, 4].map((n) => statusByte(n, c));

describe('DLE EOT status mapping', () => {
  it('maps each condition to its state', () => {
    expect(interpretStatus(replies(fine))).toEqual({ state: 'ready', ready: true });
    expect(interpretStatus(replies({ ...fine, paperNearEnd: true }))).toEqual({ state: 'paper-near-end', ready: true });
    expect(interpretStatus(replies({ ...fine, paperOut: true }))).toMatchObject({ state: 'paper-out', ready: false });
    expect(interpretStatus(replies({ ...fine, coverOpen: true }))).toMatchObject({ state: 'cover-open', ready: false });
    expect(interpretStatus(replies({ ...fine, online: false }))).toMatchObject({ ready: false });
  });
  it('refuses replies that are not ESC/POS status bytes', () => {
    expect(interpretStatus([0xff, 0x12, 0x12, 0x12])).toMatchObject({ state: 'error', ready: false });
    expect(interpretStatus([0x12, 0x12])).toMatchObject({ state: 'error', ready: false });
  });
});
