import { statSync } from 'node:fs';
import { fail, ok, type Result } from '../../../shared/errors';
import type { ScannerSettings } from '../../../shared/contract/devices';

/** Why a scanner's port is refused: nothing at that path, or something that is not a serial (character) device. */
export type SerialPathRule = 'SERIAL_PORT_MISSING' | 'NOT_A_SERIAL_PORT';

function ruleFor(path: string): SerialPathRule | null {
  try {
    // statSync follows links: a udev alias such as /dev/serial/by-id/… names the device it points to.
    return statSync(path).isCharacterDevice() ? null : 'NOT_A_SERIAL_PORT';
  } catch {
    return 'SERIAL_PORT_MISSING';
  }
}

/**
 * Refuses a scanner list that adds a port this machine does not have (a typo would otherwise be saved and retried
 * for ever). Scanners already configured stay accepted when unplugged: the pool waits for them to come back.
 */
export function checkNewSerialPorts(next: ScannerSettings[], current: ScannerSettings[]): Result<void> {
  const known = new Set(current.map((s) => s.path));
  const fields = next.flatMap((s, i) => {
    const rule = known.has(s.path) ? null : ruleFor(s.path);
    return rule
      ? [
          {
            field: `scanners.${i}.path`,
            problem: `${s.path}: ${rule === 'SERIAL_PORT_MISSING' ? 'no such serial port' : 'not a serial device'}`,
            rule,
          },
        ]
      : [];
  });
  return fields.length > 0 ? fail('VALIDATION', 'a scanner port is not a serial device of this machine', { fields }) : ok(undefined);
}
