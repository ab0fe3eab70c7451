import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useAccessibilityStore } from '../../../renderer/src/stores/accessibility';

beforeEach(() => setActivePinia(createPinia()));

describe('the accessibility store', () => {
  it('starts silent, standard and at full volume, with timeouts as configured', () => {
    const a11y = useAccessibilityStore();
    expect([a11y.speech, a11y.privateListening, a11y.volume, a11y.theme, a11y.accessibilityMode, a11y.changed]).toEqual([
      false,
      false,
      1,
      'standard',
      false,
      false,
    ]);
    expect(a11y.seconds(60)).toBe(60);
  });

  it('doubles every timeout in accessibility mode', () => {
    const a11y = useAccessibilityStore();
    a11y.toggleAccessibilityMode();
    expect([a11y.seconds(60), a11y.seconds(20), a11y.changed]).toEqual([120, 40, true]);
  });

  it('turns speech on with private listening, and private listening off with speech', () => {
    const a11y = useAccessibilityStore();
    a11y.togglePrivateListening();
    expect([a11y.speech, a11y.privateListening]).toEqual([true, true]);
    a11y.toggleSpeech();
    expect([a11y.speech, a11y.privateListening]).toEqual([false, false]);
  });

  it('steps the volume by 20 points between 20% and 100%', () => {
    const a11y = useAccessibilityStore();
    a11y.volumeUp();
    expect(a11y.volume).toBe(1);
    for (let i = 0; i < 10; i += 1) a11y.volumeDown();
    expect([a11y.volume, a11y.volumePercent]).toEqual([0.2, 20]);
    a11y.volumeUp();
    expect(a11y.volumePercent).toBe(40);
  });

  it("gives the next customer the technician's defaults back, whatever this one chose", () => {
    const a11y = useAccessibilityStore();
    a11y.configure({ speechVolume: 0.6, theme: 'high-contrast', accessibilityMode: false });
    expect([a11y.volume, a11y.theme, a11y.changed]).toEqual([0.6, 'high-contrast', false]);
    a11y.toggleSpeech();
    a11y.volumeUp();
    a11y.toggleTheme();
    a11y.toggleAccessibilityMode();
    a11y.idleWarning = true;
    expect(a11y.changed).toBe(true);
    a11y.resetForNextCustomer();
    expect([a11y.speech, a11y.volume, a11y.theme, a11y.accessibilityMode, a11y.idleWarning, a11y.changed]).toEqual([
      false,
      0.6,
      'high-contrast',
      false,
      false,
      false,
    ]);
  });

  it('keeps what a customer chose before the defaults arrived, and applies the defaults to the next customer', () => {
    const a11y = useAccessibilityStore();
    a11y.togglePrivateListening();
    a11y.configure({ speechVolume: 0.6, theme: 'high-contrast', accessibilityMode: true });
    expect([a11y.speech, a11y.privateListening, a11y.volume, a11y.theme]).toEqual([true, true, 1, 'standard']);
    a11y.resetForNextCustomer();
    expect([a11y.speech, a11y.volume, a11y.theme, a11y.accessibilityMode]).toEqual([false, 0.6, 'high-contrast', true]);
  });
});
