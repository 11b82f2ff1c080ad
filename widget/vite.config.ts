import { relative, resolve } from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyTemplates } from './scripts/minify-templates.ts';

const src = resolve(import.meta.dirname, 'src');
const kit = resolve(src, 'kit.ts');
const protocol = resolve(src, '../../protocol/src') + '/';

/**
 * The widget ships in two forms, each a core that a page loads with one tag (the launcher, the
 * client and Lit) and a panel fetched from beside it the first time the chat is opened:
 * - `vite build`: the ES module `salon-chat.js`, whose `import()` of the panel becomes the chunk
 *   `salon-chat-panel-<hash>.js`;
 * - `vite build --mode classic`: the classic script `salon-chat.iife.js` (global `SalonChatWidget`);
 * - `vite build --mode classic-panel`: `salon-chat-panel.iife.js`, which takes Lit and the
 *   client from `SalonChatWidget.kit` instead of bundling them again.
 * `scripts/release.ts` then names the classic panel after its content as well, and compresses.
 */
export default defineConfig(({ mode }): UserConfig => {
  const classic = mode === 'classic';
  const classicPanel = mode === 'classic-panel';
  return {
    plugins: [minifyTemplates(), ...(classicPanel ? [panelBoundary()] : [])],
    resolve: {
      // the protocol from its sources, as the rest of the repository takes it
      conditions: ['@salon-chat/source', ...defaultClientConditions],
      ...(classic ? { alias: [{ find: /^\.\/panel-loader\.ts$/, replacement: resolve(src, 'panel-loader.classic.ts') }] } : {}),
    },
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: !classic && !classicPanel,
      minify: 'oxc',
      sourcemap: true,
      lib: classicPanel
        ? { entry: 'src/panel/panel.ts', name: 'SalonChatWidget.panel', formats: ['iife'], fileName: () => 'salon-chat-panel.iife.js' }
        : classic
          ? { entry: 'src/salon-chat.classic.ts', name: 'SalonChatWidget', formats: ['iife'], fileName: () => 'salon-chat.iife.js' }
          : { entry: 'src/salon-chat.ts', formats: ['es'], fileName: () => 'salon-chat.js' },
      rolldownOptions: {
        external: classicPanel ? [kit] : [],
        // the modules the panel shares with the core stay in the core's file (one request before opening)
        preserveEntrySignatures: 'allow-extension',
        output: {
          minify: true,
          comments: { annotation: false },
          chunkFileNames: 'salon-chat-[name]-[hash].js',
          ...(classicPanel ? { globals: { [kit]: 'SalonChatWidget.kit' }, extend: true } : {}),
        },
      },
    },
  };
});

/**
 * The classic panel may use, from outside `src/panel/`, only `kit.ts` (and `@lit/context`, whose
 * consumer the core does not carry, and the protocol's constants and functions, which hold no
 * state): anything else would be bundled into it a second time, with its own state.
 */
function panelBoundary(): Plugin {
  return {
    name: 'salon-chat:panel-boundary',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.id === kit) return resolved && { id: kit, external: true };
      if (resolved.id.includes('/node_modules/@lit/context/') || resolved.id.startsWith(protocol)) return resolved;
      if (!resolved.id.startsWith(resolve(src, 'panel') + '/')) {
        this.error(`${relative(src, importer)} imports ${source}: the panel takes what it needs from outside src/panel/ through src/kit.ts`);
      }
      return resolved;
    },
  };
}
