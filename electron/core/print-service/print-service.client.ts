import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import { sarftCalls, type SarftCallName, type SarftReply, type SarftRequest } from '../../../shared/contract/sarft';
import { SarftCode } from '../../../shared/contract/sarft-codes';

export interface PrintServiceClientConfig {
  baseUrl: string;
  terminalId: string;
  username: string;
  password: string;
  timeoutMs: number;
  /** SHA-256 certificate fingerprint to pin for an https:// service (its certificate is self-signed). */
  fingerprint?: string;
}

export class CertificatePinError extends Error {}

/**
 * Checks the server's certificate against the pinned fingerprint right after the TLS handshake,
 * before a single byte of HTTP (and so before any credential) is sent.
 */
function pinnedConnector(fingerprint: string): buildConnector.connector {
  // No TLS session resumption: a resumed session carries no certificate to check.
  const connect = buildConnector({ rejectUnauthorized: false, timeout: 3_000, maxCachedSessions: 0 });
  const expected = fingerprint.toUpperCase();
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('no socket'), null);
      const presented = (socket as TLSSocket).getPeerCertificate?.().fingerprint256;
      if (presented !== expected) {
        socket.destroy();
        return callback(new CertificatePinError(`certificate fingerprint ${presented ?? 'none'} is not the pinned one`), null);
      }
      return callback(null, socket);
    });
}

export type ClientReply<N extends SarftCallName> =
  | { kind: 'reply'; resultCode: number; message: string; requestId: string; body: Partial<SarftReply<N>> & Record<string, unknown> }
  | { kind: 'unreachable'; message: string };

/**
 * The terminal side of the wire contract. It speaks only the contract, so a kiosk can collect
 * through our print service or through another vendor's that speaks the same four calls.
 */
export class PrintServiceClient {
  private token: string | undefined;
  private readonly agent: Agent;

  constructor(private readonly config: PrintServiceClientConfig) {
    const pinned = config.baseUrl.startsWith('https:') && config.fingerprint;
    this.agent = new Agent({
      connect: pinned ? pinnedConnector(pinned) : { timeout: 3_000 },
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
    });
  }

  get terminalId(): string {
    return this.config.terminalId;
  }

  async call<N extends Exclude<SarftCallName, 'auth'>>(name: N, body: SarftRequest<N>): Promise<ClientReply<N>> {
    if (!this.token) {
      const login = await this.login();
      if (login) return login as ClientReply<N>;
    }
    let result = await this.send(name, body);
    if (result.kind === 'reply' && result.resultCode === SarftCode.TokenInvalid) {
      this.token = undefined;
      const login = await this.login();
      if (login) return login as ClientReply<N>;
      result = await this.send(name, body);
    }
    return result;
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Logs in; answers the failing reply, or undefined when a token was obtained. */
  private async login(): Promise<ClientReply<'auth'> | undefined> {
    const reply = await this.send('auth', {
      username: this.config.username,
      password: this.config.password,
      terminalId: this.config.terminalId,
    });
    if (reply.kind === 'reply' && reply.resultCode === SarftCode.Ok && typeof reply.body.token === 'string') {
      this.token = reply.body.token;
      return undefined;
    }
    return reply;
  }

  private async send<N extends SarftCallName>(name: N, body: SarftRequest<N>): Promise<ClientReply<N>> {
    try {
      const response = await request(`${this.config.baseUrl}${sarftCalls[name].path}`, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(this.token && name !== 'auth' ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      const parsed = (await response.body.json()) as Record<string, unknown>;
      return {
        kind: 'reply',
        resultCode: Number(parsed.resultCode ?? SarftCode.OtherError),
        message: String(parsed.message ?? ''),
        requestId: String(parsed.requestId ?? ''),
        body: parsed as ClientReply<N> extends { body: infer B } ? B : never,
      };
    } catch (error) {
      return { kind: 'unreachable', message: (error as Error).message };
    }
  }
}
