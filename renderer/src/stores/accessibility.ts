import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type KioskTheme = 'standard' | 'high-contrast';

/** The technician's defaults (kiosk.info), which every new customer starts from. */
export interface AccessibilityDefaults {
  speechVolume: number;
  theme: KioskTheme;
  accessibilityMode: boolean;
}

const VOLUME_STEP = 0.2;
const VOLUME_MIN = 0.2;

/**
 * The customer's own way of using the kiosk: speech (the audio key, standing in for a headphone jack),
 * private listening, volume, theme and accessibility mode (larger text, every timeout doubled). One
 * customer's choices are theirs alone: `resetForNextCustomer` brings back the technician's defaults.
 */
export const useAccessibilityStore = defineStore('accessibility', () => {
  const defaults = ref<AccessibilityDefaults>({ speechVolume: 1, theme: 'standard', accessibilityMode: false });
  const speech = ref(false);
  const privateListening = ref(false);
  const volume = ref(1);
  const theme = ref<KioskTheme>('standard');
  const accessibilityMode = ref(false);
  /** The idle prompt is up (spoken and announced like a screen). */
  const idleWarning = ref(false);

  const timeoutFactor = computed(() => (accessibilityMode.value ? 2 : 1));
  const volumePercent = computed(() => Math.round(volume.value * 100));
  /** Whether this customer changed anything, so that a quiet spell on the first screen still resets it. */
  const changed = computed(
    () =>
      speech.value ||
      volume.value !== defaults.value.speechVolume ||
      theme.value !== defaults.value.theme ||
      accessibilityMode.value !== defaults.value.accessibilityMode,
  );

  /** The defaults arrive with kiosk.info, maybe after a quick customer already chose: their choice stays. */
  function configure(next: AccessibilityDefaults): void {
    const untouched = !changed.value;
    defaults.value = { ...next, speechVolume: clampVolume(next.speechVolume) };
    if (untouched) resetForNextCustomer();
  }

  function resetForNextCustomer(): void {
    speech.value = false;
    privateListening.value = false;
    volume.value = defaults.value.speechVolume;
    theme.value = defaults.value.theme;
    accessibilityMode.value = defaults.value.accessibilityMode;
    idleWarning.value = false;
  }

  function toggleSpeech(): void {
    speech.value = !speech.value;
    if (!speech.value) privateListening.value = false;
  }

  /** Headphones only: speech goes on with it (the screen keeps its text; spoken lines then include the booking's details). */
  function togglePrivateListening(): void {
    privateListening.value = !privateListening.value;
    if (privateListening.value) speech.value = true;
  }

  function clampVolume(value: number): number {
    return Math.min(1, Math.max(VOLUME_MIN, Math.round(value * 10) / 10));
  }
  function volumeUp(): void {
    volume.value = clampVolume(volume.value + VOLUME_STEP);
  }
  function volumeDown(): void {
    volume.value = clampVolume(volume.value - VOLUME_STEP);
  }

  function toggleTheme(): void {
    theme.value = theme.value === 'high-contrast' ? 'standard' : 'high-contrast';
  }
  function toggleAccessibilityMode(): void {
    accessibilityMode.value = !accessibilityMode.value;
  }

  /** A timeout as this customer gets it. */
  function seconds(base: number): number {
    return base * timeoutFactor.value;
  }

  return {
    defaults,
    speech,
    privateListening,
    volume,
    volumePercent,
    theme,
    accessibilityMode,
    idleWarning,
    timeoutFactor,
    changed,
    configure,
    resetForNextCustomer,
    toggleSpeech,
    togglePrivateListening,
    volumeUp,
    volumeDown,
    toggleTheme,
    toggleAccessibilityMode,
    seconds,
  };
});
