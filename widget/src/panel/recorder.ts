import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A voice note being recorded: the microphone's stream into a `MediaRecorder`, a clock the
 * host shows (it updates every second), and either the recording (`stop`) or nothing (`cancel`).
 */
export class VoiceRecorder implements ReactiveController {
  #recorder: MediaRecorder | null = null;
  #chunks: Blob[] = [];
  #started = 0;
  #tick: ReturnType<typeof setInterval> | undefined;
  #done: ((blob: Blob | null) => void) | undefined;
  #keep = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  static get supported(): boolean {
    return typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices;
  }

  get recording(): boolean {
    return this.#recorder !== null;
  }

  /** Whole seconds recorded so far. */
  get seconds(): number {
    return this.#recorder ? Math.floor((Date.now() - this.#started) / 1000) : 0;
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Asks for the microphone and starts; resolves with the recording when `stop` is called, or null. */
  async start(): Promise<Blob | null> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const rec = new MediaRecorder(stream);
    this.#chunks = [];
    rec.ondataavailable = (e) => this.#chunks.push(e.data);
    // the format is known once recording starts; Firefox empties `mimeType` again once it stops
    let recorded = '';
    rec.onstart = () => (recorded = rec.mimeType);
    const done = new Promise<Blob | null>((resolve) => (this.#done = resolve));
    rec.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      const type = (this.#chunks.find((chunk) => chunk.type)?.type || recorded || rec.mimeType).split(';')[0] || 'audio/webm';
      this.#done?.(this.#keep ? new Blob(this.#chunks, { type }) : null);
    };
    rec.start();
    this.#recorder = rec;
    this.#started = Date.now();
    this.#tick = setInterval(() => this.host.requestUpdate(), 1000);
    this.host.requestUpdate();
    return done;
  }

  stop(): void {
    this.#end(true);
  }

  cancel(): void {
    this.#end(false);
  }

  #end(keep: boolean): void {
    if (!this.#recorder) return;
    this.#keep = keep;
    clearInterval(this.#tick);
    this.#recorder.stop();
    this.#recorder = null;
    this.host.requestUpdate();
  }
}
