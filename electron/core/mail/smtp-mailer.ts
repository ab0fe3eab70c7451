import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config/config';
import { MailError, type Mailer, type OutgoingMail } from './mailer';

/**
 * Sends through the cinema's SMTP relay with nodemailer, reading the technician's settings at each
 * message (a change applies to the next one). TLS from the start (`tls`), or STARTTLS required
 * (`starttls`: nodemailer refuses to go on in clear when the relay does not offer it); `none` only on
 * loopback (the config store refuses it for another machine).
 */
export class SmtpMailer implements Mailer {
  constructor(private readonly settings: () => MailConfig | undefined) {}

  async send(mail: OutgoingMail): Promise<{ response: string }> {
    const config = this.settings();
    if (!config) throw new MailError('no SMTP relay is set up', false, 'NO_RELAY');
    const transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      // Our own messages carry their Message-ID; nothing from the relay's greeting goes into a log line.
      logger: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    try {
      const info = await transport.sendMail({
        from: { name: mail.from.name, address: mail.from.address },
        to: mail.to,
        subject: mail.subject,
        messageId: mail.messageId,
        text: mail.text,
        html: mail.html,
        attachments: mail.inline.map((a) => ({ cid: a.cid, filename: a.filename, contentType: a.contentType, content: a.content })),
      });
      return { response: String(info.response ?? '') };
    } catch (error) {
      const e = error as Error & { code?: string; responseCode?: number };
      // A 5xx is the relay's final word on this message, and an envelope nodemailer cannot send never
      // goes; a refused login (EAUTH) waits for the technician instead, like a relay that is down.
      const permanent = e.code === 'EENVELOPE' || (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH');
      throw new MailError(
        `${e.code ?? 'SMTP'}${e.responseCode ? ` ${e.responseCode}` : ''}: ${e.message}`.slice(0, 300),
        permanent,
        e.code,
      );
    } finally {
      transport.close();
    }
  }
}
