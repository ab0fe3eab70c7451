import type { Locale } from '../i18n';

/** One spoken line: its text, the BCP 47 language of its voice, and its volume (0 to 1). */
export interface Utterance {
  text: string;
  lang: string;
  volume: number;
}

/** What the kiosk needs of speech synthesis; tests put a recorder in its place. */
export interface Speaker {
  /** Speaks after what is being said, or instead of it when `interrupt` (a new screen makes the old prompt moot). */
  speak(utterance: Utterance, options?: { interrupt?: boolean }): void;
  stop(): void;
}

/** The voice language for a UI locale; English voices are British first, as the cinema's English strings are. */
export function speechLang(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : 'zh-CN';
}

/**
 * The platform's speech synthesis (the operating system's voices in Electron). A voice of the utterance's
 * language is picked when one is installed (any English voice for English); without one the platform
 * chooses, and without `speechSynthesis` at all the kiosk stays silent rather than failing.
 */
export function platformSpeaker(synth: SpeechSynthesis | undefined = globalThis.speechSynthesis): Speaker {
  const voiceFor = (lang: string): SpeechSynthesisVoice | undefined => {
    const voices = synth?.getVoices() ?? [];
    const family = lang.split('-')[0]!;
    return voices.find((v) => v.lang.replace('_', '-') === lang) ?? voices.find((v) => v.lang.startsWith(family));
  };
  return {
    speak(utterance, options) {
      if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
      if (options?.interrupt) synth.cancel();
      const spoken = new SpeechSynthesisUtterance(utterance.text);
      spoken.lang = utterance.lang;
      spoken.volume = utterance.volume;
      const voice = voiceFor(utterance.lang);
      if (voice) spoken.voice = voice;
      synth.speak(spoken);
    },
    stop() {
      synth?.cancel();
    },
  };
}

let speaker: Speaker | undefined;

export function getSpeaker(): Speaker {
  speaker ??= platformSpeaker();
  return speaker;
}

/** Unit tests replace the speaker. */
export function setSpeaker(replacement: Speaker): void {
  speaker = replacement;
}
