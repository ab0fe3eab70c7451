import { FilePrinterTransport } from './transports/file.transport';
import { parseSerialUrl, SerialPrinterTransport } from './transports/serial.transport';
import { TcpPrinterTransport } from './transports/tcp.transport';
import type { PrinterTransport } from './transports/transport';

/** `tcp://HOST:PORT`, `serial:PATH?baud=N&parity=…&flow=…`, or `file:PATH` (a device such as `/dev/usb/lp0`). */
export function printerTransportFor(url: string): PrinterTransport {
  if (url.startsWith('tcp://')) return TcpPrinterTransport.fromUrl(url);
  if (url.startsWith('file:')) return new FilePrinterTransport(url.slice('file:'.length));
  if (url.startsWith('serial:')) {
    const settings = parseSerialUrl(url);
    if (!settings) throw new Error(`bad serial printer ${url}: serial:PATH?baud=9600|19200|38400|57600|115200&parity=none|even|odd&flow=none|rtscts|xonxoff`);
    return new SerialPrinterTransport(settings);
  }
  throw new Error(`unsupported printer ${url}`);
}
