/** Renders the staff app's PNG icons (for browsers and phones that do not take SVG icons) from its SVGs: `npm run app-icons -w server`. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../app');

for (const [svg, png, size] of [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  ['icon-maskable.svg', 'apple-touch-icon.png', 180],
] as const) {
  await sharp(path.join(app, svg), { density: (72 * size) / 64 })
    .resize(size, size)
    .png({ compressionLevel: 9, palette: true })
    .toFile(path.join(app, png));
  console.log(`${png}: ${size} px`);
}
