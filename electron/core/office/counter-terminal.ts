import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../../shared/errors';
import { PrintServiceClient } from '../print-service/print-service.client';
import type { TerminalAuth } from '../print-service/terminal-auth';

/** The account's username: its own namespace, so that it can never be mistaken for (or rotate) a kiosk's account. */
export const counterUsernameOf = (terminalId: string): string => `counter.${terminalId}`;

/**
 * The counter PC as a terminal of this host's print service: its own id and account, so its claims,
 * tickets, abuse counters and audit records are the counter's and never a kiosk's. The account lives
 * in the same terminal store as the kiosks' (a technician sees it, and may disable it with
 * `npm run terminals -- disable`); its password is made at each start and never leaves this process.
 */
export class CounterTerminal {
  private client: PrintServiceClient | undefined;
  private provisioning: Promise<Result<PrintServiceClient>> | undefined;

  constructor(
    private readonly deps: {
      auth: Pick<TerminalAuth, 'register' | 'rotatePassword' | 'list'>;
      terminalId: string;
      baseUrl: string;
      fingerprint?: string;
      timeoutMs: number;
    },
  ) {}

  get terminalId(): string {
    return this.deps.terminalId;
  }

  /** The logged-in client, the account made or its password renewed at first use. */
  connect(): Promise<Result<PrintServiceClient>> {
    if (this.client) return Promise.resolve(ok(this.client));
    this.provisioning ??= this.provision().finally(() => (this.provisioning = undefined));
    return this.provisioning;
  }

  /**
   * Forgets the client after the service refused its login (a technician rotated or disabled the
   * account): the next print makes the password anew; a disabled account stays disabled.
   */
  async forget(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }

  async close(): Promise<void> {
    await this.client?.close();
  }

  private async provision(): Promise<Result<PrintServiceClient>> {
    const { auth, terminalId } = this.deps;
    const username = counterUsernameOf(terminalId);
    const existing = auth.list().find((t) => t.terminalId === terminalId);
    if (existing && existing.username !== username)
      return fail('VALIDATION', `terminal id ${terminalId} belongs to a kiosk's account: give the counter its own (office.terminalId)`, {
        field: 'office.terminalId',
      });
    const password = randomBytes(24).toString('base64url');
    // A disabled account stays disabled: the technician's choice holds, and the print service refuses the login.
    const ready = existing ? await auth.rotatePassword(terminalId, password) : await auth.register(terminalId, username, password);
    if (!ready) return fail('VALIDATION', `terminal id ${terminalId} or username ${username} is taken`, { field: 'office.terminalId' });
    this.client = new PrintServiceClient({
      baseUrl: this.deps.baseUrl,
      terminalId,
      username,
      password,
      timeoutMs: this.deps.timeoutMs,
      ...(this.deps.fingerprint ? { fingerprint: this.deps.fingerprint } : {}),
    });
    return ok(this.client);
  }
}
