import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/** The demo's stand-in for a cinema's SMTP relay: every message it takes is a file in `dir`. */
export interface RunningSmtpSink {
  host: string;
  port: number;
  user: string;
  password: string;
  dir: string;
  /** The stored messages, oldest first: file name and raw RFC 5322 text. */
  messages(): { file: string; raw: string }[];
  /** While true, every connection is answered `421` (a relay that is down for maintenance). */
  setRefusing(refusing: boolean): void;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

/**
 * An SMTP server (the `smtp-server` package) on 127.0.0.1 with one account (AUTH PLAIN/LOGIN, allowed
 * without TLS on loopback only: the demo has no certificate a client would trust). Each accepted
 * message is written to `<dir>/NNNNNN-<random>.eml`, mode 0600, in a folder of mode 0700: the name is
 * made here, never from a header, so a message cannot choose where it lands.
 */
export async function startSmtpSink(options: { dir: string; port?: number }): Promise<RunningSmtpSink> {
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  chmodSync(options.dir, 0o700);
  const user = 'kiosk-demo';
  const password = randomBytes(12).toString('base64url');
  let refusing = false;
  let seq = readdirSync(options.dir).filter((f) => f.endsWith('.eml')).length;
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'demo relay',
    onConnect(session, callback) {
      if (refusing) return callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
      if (session.remoteAddress !== '127.0.0.1' && session.remoteAddress !== '::1' && session.remoteAddress !== '::ffff:127.0.0.1')
        return callback(new Error('loopback only'));
      return callback();
    },
    onAuth(auth, _session, callback) {
      if (same(auth.username ?? '', user) && same(auth.password ?? '', password)) return callback(null, { user });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    // A mailbox the relay refuses for good (550), for the outbox's dead letters.
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().endsWith('@refused.example'))
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      return callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('Message too big'), { responseCode: 552 }));
        seq += 1;
        const file = `${String(seq).padStart(6, '0')}-${randomBytes(4).toString('hex')}.eml`;
        writeFileSync(join(options.dir, file), Buffer.concat(chunks), { mode: 0o600, flag: 'wx' });
        return callback(null, `queued as ${file}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    dir: options.dir,
    messages: () =>
      readdirSync(options.dir)
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .map((file) => ({ file, raw: readFileSync(join(options.dir, file), 'utf8') })),
    setRefusing: (value) => void (refusing = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
