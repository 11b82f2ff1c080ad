/** What the panel module hands to `<salon-chat>` once loaded. */
export interface PanelModule {
  styles: import('lit').CSSResultOrNative[];
}

/** Loads the panel as a separate module, next to this one (the ES build's own chunk). */
export const loadPanel = (): Promise<PanelModule> => import('./panel/panel.ts');
