/**
 * The staff inbox's alert sound, made with the Web Audio API (no audio file): two short soft
 * tones. Browsers let a page make sound only after a person used it (a click, a key): until
 * then `ready` is false and nothing plays; the first gesture starts the audio context (Safari
 * wants that inside the gesture) and calls `onReady`.
 */
export class Chime {
  #context: AudioContext | null = null;
  #gestured = false;
  #last = -Infinity;
  readonly #unlock = () => {
    this.#gestured = true;
    this.#stopListening();
    this.#resume();
    this.onReady();
  };

  constructor(private readonly onReady: () => void) {
    if (!this.ready) for (const type of ['pointerdown', 'keydown'] as const) addEventListener(type, this.#unlock, { capture: true });
  }

  /** The page has had a gesture: sound may play. */
  get ready(): boolean {
    return this.#gestured || (navigator.userActivation?.hasBeenActive ?? false);
  }

  /** Starts the sound, at most once a second; answers its source node, or null when it may not play yet. */
  play(): OscillatorNode | null {
    const audio = this.ready ? this.#audio() : null;
    if (!audio || audio.currentTime - this.#last < 1) return null;
    if (audio.state === 'suspended') this.#resume();
    const at = (this.#last = audio.currentTime);
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = 'sine';
    tone.frequency.setValueAtTime(880, at);
    tone.frequency.setValueAtTime(1320, at + 0.12);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.05, at + 0.12);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.14);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.34);
    tone.connect(gain).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.35);
    return tone;
  }

  close(): void {
    this.#stopListening();
    void this.#context?.close();
    this.#context = null;
  }

  #audio(): AudioContext | null {
    if (typeof AudioContext === 'undefined') return null;
    return (this.#context ??= new AudioContext());
  }

  /** Resumes the audio, which a close of the widget may cut short. */
  #resume(): void {
    this.#audio()?.resume().catch(() => undefined);
  }

  #stopListening(): void {
    for (const type of ['pointerdown', 'keydown'] as const) removeEventListener(type, this.#unlock, { capture: true });
  }
}
