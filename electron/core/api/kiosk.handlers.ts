import { ok } from '../../../shared/errors';
import type { PrinterStatus } from '../../../shared/contract/ui';
import type { CollectionService } from '../collection/collection.service';
import type { UiHandlers } from './ui-dispatch';

type KioskCalls = 'kiosk.info' | 'kiosk.lookup' | 'kiosk.collect' | 'printer.status';

/** What the kiosk page shows besides bookings; read at each call, since a technician may change it live. */
export interface KioskScreenSettings {
  terminalId: string;
  idleTimeoutSeconds: number;
  idleWarningSeconds: number;
  outcomeSeconds: number;
  defaultLocale: 'zh-CN' | 'en';
  accessibility: { speechVolume: number; theme: 'standard' | 'high-contrast'; accessibilityMode: boolean };
}

/** The customer's calls: look a booking up, collect it, and the printer's state. */
export function kioskHandlers(deps: {
  collection: Pick<CollectionService, 'lookup' | 'collect'>;
  printerStatus: () => Promise<PrinterStatus>;
  screen: () => KioskScreenSettings;
}): Pick<UiHandlers, KioskCalls> {
  const { collection, printerStatus } = deps;
  return {
    'kiosk.info': async () => ok({ ...deps.screen(), printer: await printerStatus() }),
    'kiosk.lookup': (input) => collection.lookup(input),
    'kiosk.collect': (input) => collection.collect(input),
    'printer.status': async () => ok(await printerStatus()),
  };
}
