import { createServer, Socket } from 'node:net';
import { closableServer, listen } from '../../electron/core/net/listen';

/** Faults a cable, a switch or a print server adds between the host and the printer. */
export interface LinkFaults {
  latencyMs?: number;
  /** Reset both sides once this many bytes went towards the printer. */
  resetAfterBytes?: number;
  /** Stop passing anything (either way) once this many bytes went towards the printer, without closing. */
  hangAfterBytes?: number;
}

/** A TCP proxy on 127.0.0.1 in front of a printer, with faults that can change between connections. */
export async function startFaultProxy(target: { host: string; port: number }) {
  let faults: LinkFaults = {};
  let accepted = 0;
  const server = closableServer(
    createServer((client) => {
      accepted += 1;
      const upstream = new Socket();
      const mode = { ...faults };
      let sent = 0;
      let hung = false;
      const delay = (fn: () => void) => (mode.latencyMs ? setTimeout(fn, mode.latencyMs) : fn());
      upstream.connect(target.port, target.host);
      client.on('data', (chunk: Buffer) => {
        if (hung) return;
        let part = chunk;
        const limit = mode.resetAfterBytes ?? mode.hangAfterBytes;
        if (limit !== undefined && sent + chunk.length >= limit) {
          part = chunk.subarray(0, Math.max(0, limit - sent));
          sent += part.length;
          delay(() => upstream.write(part));
          if (mode.resetAfterBytes !== undefined) {
            delay(() => {
              client.resetAndDestroy();
              upstream.destroy();
            });
          } else {
            hung = true;
          }
          return;
        }
        sent += part.length;
        delay(() => upstream.write(part));
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!hung) delay(() => client.write(chunk));
      });
      client.on('close', () => upstream.end());
      upstream.on('close', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    }),
  );
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `tcp://127.0.0.1:${port}`,
    setFaults: (next: LinkFaults) => (faults = next),
    connections: () => accepted,
    close: () => server.closeNow(),
  };
}
