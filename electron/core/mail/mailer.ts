/** One message for the relay: headers already checked, the body and one inline image. */
export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  /** The Message-ID every attempt of this message carries (`<…@…>`). */
  messageId: string;
  text: string;
  html: string;
  /** Inline images the HTML names by `cid:`. */
  inline: { cid: string; filename: string; contentType: string; content: Buffer }[];
}

/**
 * Why a message was not taken. `permanent`: the relay said no for good (a 5xx to the recipient, the
 * message or a bad login), so repeating it cannot help; otherwise it is worth another try later.
 */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The port the mail outbox sends through; the SMTP adapter is the one real one. */
export interface Mailer {
  /** Resolves when the relay accepted the message; rejects with a MailError. */
  send(mail: OutgoingMail): Promise<{ response: string }>;
}
