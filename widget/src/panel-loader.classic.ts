import type { PanelModule } from './panel-loader.ts';

/** The classic script that loads this one, read while it runs (it is `null` later). */
const script = document.currentScript as HTMLScriptElement | null;
let loading: Promise<PanelModule> | undefined;

/**
 * The classic build loads the panel with a second classic script from beside the first
 * (`salon-chat-panel.iife.js`, the same origin, the same nonce); it runs against the
 * `SalonChatWidget` global that this script defined and adds `SalonChatWidget.panel`.
 */
export function loadPanel(): Promise<PanelModule> {
  return (loading ??= new Promise<PanelModule>((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = new URL('salon-chat-panel.iife.js', script?.src || location.href).href;
    tag.nonce = script?.nonce ?? '';
    tag.onload = () => resolve((globalThis as unknown as { SalonChatWidget: { panel: PanelModule } }).SalonChatWidget.panel);
    tag.onerror = () => {
      loading = undefined;
      tag.remove();
      reject(new Error('the chat panel could not be loaded'));
    };
    document.head.append(tag);
  }));
}
