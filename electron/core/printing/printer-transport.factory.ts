import { FilePrinterTransport } from './transports/file.transport';
import { TcpPrinterTransport } from './transports/tcp.transport';
import type { PrinterTransport } from './transports/transport';

/** `tcp://HOST:PORT` or `file:PATH` (a device such as `/dev/usb/lp0`, or a plain file). */
export function printerTransportFor(url: string): PrinterTransport {
  if (url.startsWith('tcp://')) return TcpPrinterTransport.fromUrl(url);
  if (url.startsWith('file:')) return new FilePrinterTransport(url.slice('file:'.length));
  throw new Error(`unsupported printer ${url}`);
}
