/**
 * Keyboard-wedge scanners type their payload as fast key presses ending in Enter. We read
 * `KeyboardEvent.code` (the physical key) rather than `key`, so a scan survives the OS keyboard
 * layout and an active Chinese input method, which would otherwise swallow or rewrite it.
 * Scanners send US-layout HID codes, so the map below is the US layout.
 */
const UNSHIFTED: Record<string, string> = {
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  Space: ' ',
};
const SHIFTED: Record<string, string> = {
  Digit1: '!',
  Digit2: '@',
  Digit3: '#',
  Digit4: '$',
  Digit5: '%',
  Digit6: '^',
  Digit7: '&',
  Digit8: '*',
  Digit9: '(',
  Digit0: ')',
  Minus: '_',
  Equal: '+',
  BracketLeft: '{',
  BracketRight: '}',
  Backslash: '|',
  Semicolon: ':',
  Quote: '"',
  Comma: '<',
  Period: '>',
  Slash: '?',
  Backquote: '~',
  Space: ' ',
};

export function charOfCode(code: string, shift: boolean, capsLock = false): string | null {
  const letter = /^Key([A-Z])$/u.exec(code)?.[1];
  if (letter) return shift !== capsLock ? letter : letter.toLowerCase();
  const digit = /^(?:Digit|Numpad)(\d)$/u.exec(code)?.[1];
  if (digit) return shift && code.startsWith('Digit') ? SHIFTED[code]! : digit;
  return (shift ? SHIFTED : UNSHIFTED)[code] ?? null;
}

export interface WedgeSettings {
  /** Longest gap between two keys of one scan; people type slower than this. */
  maxGapMs: number;
  minLength: number;
}

export class WedgeDecoder {
  private buffer = '';
  private lastAt = -Infinity;

  constructor(private readonly settings: WedgeSettings = { maxGapMs: 60, minLength: 4 }) {}

  /** Feeds one keydown; answers the scanned text when this key ends a scan. */
  feed(code: string, shift: boolean, atMs: number, capsLock = false): string | null {
    const gap = atMs - this.lastAt;
    this.lastAt = atMs;
    if (gap > this.settings.maxGapMs) this.buffer = '';
    if (code === 'Enter' || code === 'NumpadEnter' || code === 'Tab') {
      const text = this.buffer;
      this.buffer = '';
      return text.length >= this.settings.minLength && gap <= this.settings.maxGapMs ? text : null;
    }
    const char = charOfCode(code, shift, capsLock);
    if (char === null) {
      if (!/^(Shift|Control|Alt|Meta)/u.test(code)) this.buffer = '';
      return null;
    }
    this.buffer += char;
    return null;
  }
}
