import { defineConfig } from 'vite';
import { minifyTemplates } from './scripts/minify-templates.ts';

/**
 * Two single-file builds of the same entry, Lit included: `salon-chat.js` (ES module) and
 * `salon-chat.iife.js` (classic script for pages without modules), both fully minified.
 */
export default defineConfig({
  plugins: [minifyTemplates()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    minify: 'oxc',
    sourcemap: true,
    lib: {
      entry: 'src/salon-chat.ts',
      name: 'SalonChat',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'salon-chat.js' : 'salon-chat.iife.js'),
    },
    rolldownOptions: { output: { minify: true, comments: { annotation: false } } },
  },
});
