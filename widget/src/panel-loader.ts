/** What the panel module hands to `<salon-chat>` once loaded. */
export type PanelModule = typeof import('./panel/panel.ts');

/** Loads the panel as a separate module, next to this one (the ES build's own chunk). */
export const loadPanel = (): Promise<PanelModule> => import('./panel/panel.ts');
