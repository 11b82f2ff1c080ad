import type { SalonChat } from './salon-chat.component.ts';

/** What a page may ask of the first `<salon-chat>` through `SalonChat(command, …args)`. */
export type Command = 'open' | 'close' | 'toggle' | 'send' | 'signOut';

type Stub = { q?: ArrayLike<unknown>[] };

/**
 * `window.SalonChat`: a command function for pages that load the script with `async` and may
 * act before it has run. The page defines a stub that queues its calls:
 *
 *     window.SalonChat = window.SalonChat || function () { (SalonChat.q = SalonChat.q || []).push(arguments) };
 *     SalonChat('open');
 *
 * and this replaces it, runs what was queued, and runs later calls at once. Each call acts on
 * the first `<salon-chat>` of the page once it is defined, and resolves with the method's answer.
 */
export function installCommands(): void {
  const queued = (globalThis as { SalonChat?: Stub }).SalonChat?.q ?? [];
  const run = async (command: Command, ...args: unknown[]) => {
    if (document.readyState === 'loading') await new Promise((r) => addEventListener('DOMContentLoaded', r, { once: true }));
    const el = document.querySelector<SalonChat>('salon-chat');
    if (!el || typeof el[command] !== 'function') throw new Error(`SalonChat: no <salon-chat> for '${command}'`);
    return (el[command] as (...a: unknown[]) => unknown)(...args);
  };
  (globalThis as { SalonChat?: unknown }).SalonChat = run;
  for (const call of queued) {
    const [command, ...args] = Array.from(call) as [Command, ...unknown[]];
    run(command, ...args).catch((e: Error) => console.error(e.message));
  }
}
