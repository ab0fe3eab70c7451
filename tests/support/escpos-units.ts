import { unitAt } from '../../electron/core/printing/escpos-tokenizer';

/**
 * The non-text units of printer bytes as an EPSON printer reads them: commands, cuts and real-time
 * requests with their bytes, other units by kind. Two jobs of one layout have the same list whatever
 * their text says, unless text got out of its runs into the command stream.
 */
export function commandsOf(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < bytes.length;) {
    const unit = unitAt(bytes, i);
    if (!unit) break;
    if (unit.kind === 'command' || unit.kind === 'cut' || unit.kind === 'realtime')
      out.push(`${unit.kind}:${bytes.subarray(i, i + unit.length).toString('hex')}`);
    else if (unit.kind !== 'text') out.push(unit.kind);
    i += unit.length;
  }
  return out;
}
