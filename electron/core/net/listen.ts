import type { Server } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';

/** Listens and answers the bound port (port 0 picks a free one). */
export function listen(server: Server | NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Tracks open sockets so that close() ends keep-alive and hung connections at once:
 * a clean stop must finish within two seconds whatever the peers do.
 */
export function closableServer<S extends Server | NetServer>(server: S): S & { closeNow(): Promise<void> } {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return Object.assign(server, {
    closeNow: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  });
}
