import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { platformSpeaker, speechLang } from '../../../renderer/src/services/speech';

// Node has no speech synthesis: a stand-in utterance class and a synthesiser that records (the platform's own
// voices are tested in Chromium by the end-to-end test, which records speak() there).
class FakeUtterance {
  lang = '';
  volume = 1;
  voice: { lang: string; name: string } | null = null;
  constructor(readonly text: string) {}
}

function fakeSynth(voices: { lang: string; name: string }[]) {
  const spoken: FakeUtterance[] = [];
  let cancels = 0;
  const synth = {
    getVoices: () => voices,
    speak: (u: FakeUtterance) => void spoken.push(u),
    cancel: () => void (cancels += 1),
  };
  return { synth: synth as unknown as SpeechSynthesis, spoken, cancels: () => cancels };
}

beforeEach(() => vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance));
afterEach(() => vi.unstubAllGlobals());

describe('the speech service', () => {
  it('speaks Chinese in zh-CN and English in en-GB', () => {
    expect([speechLang('zh-CN'), speechLang('en')]).toEqual(['zh-CN', 'en-GB']);
  });

  it('picks a voice of the language, any English voice for en-GB, and none when there is none', () => {
    const { synth, spoken } = fakeSynth([
      { lang: 'en-US', name: 'US' },
      { lang: 'zh_CN', name: 'Mandarin' },
    ]);
    const speaker = platformSpeaker(synth);
    speaker.speak({ text: '请输入取票号', lang: 'zh-CN', volume: 0.6 });
    speaker.speak({ text: 'Enter your pickup number', lang: 'en-GB', volume: 1 });
    speaker.speak({ text: 'Hallo', lang: 'de-DE', volume: 1 });
    expect(spoken.map((u) => [u.text, u.lang, u.volume, u.voice?.name ?? null])).toEqual([
      ['请输入取票号', 'zh-CN', 0.6, 'Mandarin'],
      ['Enter your pickup number', 'en-GB', 1, 'US'],
      ['Hallo', 'de-DE', 1, null],
    ]);
  });

  it('cancels what is being said only when told to interrupt, and on stop', () => {
    const { synth, cancels } = fakeSynth([]);
    const speaker = platformSpeaker(synth);
    speaker.speak({ text: 'a', lang: 'en-GB', volume: 1 });
    expect(cancels()).toBe(0);
    speaker.speak({ text: 'b', lang: 'en-GB', volume: 1 }, { interrupt: true });
    speaker.stop();
    expect(cancels()).toBe(2);
  });

  it('stays silent where the platform has no speech synthesis', () => {
    expect(() => platformSpeaker(undefined).speak({ text: 'a', lang: 'en-GB', volume: 1 })).not.toThrow();
  });
});
