import type { KeyInput } from './seams';

/**
 * Which keys reach the kiosk page. An allow-list, because a keyboard-wedge scanner or a keyboard
 * plugged into a kiosk can send anything, and every browser shortcut (reload, close, DevTools, print,
 * full screen, back) is a way out of the kiosk. The UI needs: typed text (letters, digits,
 * punctuation, space, with or without Shift, and the input method's composition keys), Enter,
 * Backspace, Delete, Escape, Tab, the arrows, Home/End/PageUp/PageDown, F2 and '/' (the box
 * office's search box), Alt+1…4 (its tabs) and Alt+A / Alt+R / Alt+P (select all, refund, reprint).
 */
export type KeyVerdict = { action: 'allow' } | { action: 'block' } | { action: 'zoom'; step: -1 | 0 | 1 };

const NAMED_KEYS = new Set([
  'Enter',
  'Backspace',
  'Delete',
  'Escape',
  'Tab',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'F2',
  // The input method's keys while it composes Chinese text, and a dead key before an accent.
  'Process',
  'Dead',
]);
/** A modifier pressed on its own does nothing; the combination it starts is judged on its own key. */
const BARE_MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock']);
/** The box office's Alt shortcuts, by physical key so that a Chinese input method cannot rename them. */
const ALT_CODES = new Set(['Digit1', 'Digit2', 'Digit3', 'Digit4', 'KeyA', 'KeyR', 'KeyP']);
/**
 * Ctrl + a text-editing key inside the office's input boxes: select all, copy, cut, paste, undo,
 * redo. None of them navigates, reloads, prints or opens anything.
 */
const CTRL_EDITING_CODES = new Set(['KeyA', 'KeyC', 'KeyV', 'KeyX', 'KeyZ', 'KeyY']);
/**
 * Zoom stays available for accessibility (a customer with low vision presses Ctrl+plus). With the
 * application menu removed Electron has no zoom shortcut of its own, so the shell zooms itself.
 */
const ZOOM_IN = new Set(['=', '+']);
const ZOOM_OUT = new Set(['-', '_']);

const isPrintable = (key: string): boolean => [...key].length === 1;

export function judgeKey(input: KeyInput): KeyVerdict {
  const allow = { action: 'allow' } as const;
  const block = { action: 'block' } as const;
  if (BARE_MODIFIERS.has(input.key)) return allow;
  // The Windows/Command key belongs to the operating system's shortcuts, never to the page.
  if (input.meta) return block;
  if (input.control) {
    if (input.alt) return block;
    if (ZOOM_IN.has(input.key) || input.code === 'NumpadAdd') return { action: 'zoom', step: 1 };
    if (ZOOM_OUT.has(input.key) || input.code === 'NumpadSubtract') return { action: 'zoom', step: -1 };
    if (input.key === '0' || input.code === 'Numpad0') return { action: 'zoom', step: 0 };
    return !input.shift && CTRL_EDITING_CODES.has(input.code) ? allow : block;
  }
  if (input.alt) return !input.shift && ALT_CODES.has(input.code) ? allow : block;
  if (NAMED_KEYS.has(input.key) || input.isComposing === true) return allow;
  return isPrintable(input.key) ? allow : block;
}

export const ZOOM_LIMITS = { min: -2, max: 4, step: 0.5 } as const;

/** The zoom level after a zoom key: steps of half a level, bounded so the layout stays usable, 0 resets. */
export function nextZoomLevel(current: number, step: -1 | 0 | 1): number {
  if (step === 0) return 0;
  return Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, current + step * ZOOM_LIMITS.step));
}
