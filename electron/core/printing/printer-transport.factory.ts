import { FilePrinterTransport } from './transports/file.transport';
import { parseSerialUrl, SerialPrinterTransport } from './transports/serial.transport';
import { TcpPrinterTransport } from './transports/tcp.transport';
import type { PrinterTransport } from './transports/transport';

/**
 * The device files a ticket printer shows up as: a USB printer (`/dev/usb/lp0`, `/dev/lp0`), a serial
 * or USB-serial port (`/dev/ttyS0`, `/dev/ttyUSB0`, `/dev/ttyACM0`), or a pty bridged to one (`/dev/pts/3`,
 * socat or ser2net). Nothing else: the service user must not append to its own files (the database,
 * config.json) or any other, and `/dev/null` would swallow tickets that are then recorded as printed.
 */
export const PRINTER_DEVICE_PATH = /^\/dev\/(?:usb\/lp\d+|lp\d+|tty[A-Za-z]*\d+|pts\/\d+)$/u;

/** `tcp://HOST:PORT`, `serial:PATH?baud=N&parity=…&flow=…`, or `file:PATH` (a printer device such as `/dev/usb/lp0`). */
export function printerTransportFor(url: string): PrinterTransport {
  if (url.startsWith('tcp://')) return TcpPrinterTransport.fromUrl(url);
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (!PRINTER_DEVICE_PATH.test(path))
      throw new Error(`printer file:${path} refused: file: takes a printer device, /dev/usb/lpN, /dev/lpN, /dev/ttyXXXN or /dev/pts/N`);
    return new FilePrinterTransport(path);
  }
  if (url.startsWith('serial:')) {
    const settings = parseSerialUrl(url);
    if (!settings)
      throw new Error(
        `bad serial printer ${url}: serial:PATH?baud=9600|19200|38400|57600|115200&parity=none|even|odd&flow=none|rtscts|xonxoff`,
      );
    return new SerialPrinterTransport(settings);
  }
  throw new Error(`unsupported printer ${url}`);
}
