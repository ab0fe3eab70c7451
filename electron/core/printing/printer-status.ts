import type { PrinterStatus } from '../../../shared/contract/ui';

/** The four DLE EOT requests, in the order we send them. */
export const STATUS_REQUESTS = [1, 2, 3, 4] as const;

export function statusRequestBytes(): Buffer {
  return Buffer.from(STATUS_REQUESTS.flatMap((n) => [0x10, 0x04, n]));
}

/**
 * Maps DLE EOT 1–4 replies (ESC/POS real-time status) to our printer states.
 * A reply whose fixed bits (0 and 7 clear, 1 and 4 set) are wrong means we are not talking to a printer.
 */
export function interpretStatus(replies: readonly number[]): PrinterStatus {
  const [printer, offline, error, paper] = replies;
  if (replies.length < 4 || replies.some((b) => (b & 0x93) !== 0x12)) {
    return { state: 'error', ready: false, detail: 'unexpected status reply' };
  }
  if ((offline! & 0x04) !== 0) return { state: 'cover-open', ready: false };
  if ((offline! & 0x20) !== 0 || (paper! & 0x60) !== 0) return { state: 'paper-out', ready: false };
  if ((error! & 0x68) !== 0 || (offline! & 0x40) !== 0)
    return { state: 'error', ready: false, detail: `error status 0x${error!.toString(16)}` };
  if ((printer! & 0x08) !== 0) return { state: 'offline', ready: false };
  if ((paper! & 0x0c) !== 0) return { state: 'paper-near-end', ready: true };
  return { state: 'ready', ready: true };
}
