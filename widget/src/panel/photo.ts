/** The longest side, in pixels, of a photo as it is sent: plenty for a chat, a fraction of a phone camera's bytes. */
export const PHOTO_MAX_SIDE = 2048;

/** Photos the browser re-encodes before sending; GIFs go as they are (their animation would be lost). */
const REENCODED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/avif', 'image/bmp']);

/**
 * A photo ready to send: upright as the camera meant it (EXIF orientation applied), its longest
 * side at most `PHOTO_MAX_SIDE`, and re-encoded, which drops its metadata (place, camera, time).
 * PNGs stay PNGs (they may be transparent), the rest become JPEG. A file the browser cannot
 * decode goes as it was, for the server to say why it refuses it.
 */
export async function fitPhoto(file: File): Promise<File> {
  if (!REENCODED.has(file.type)) return file;
  const image = await decode(file);
  if (!image) return file;
  const [w, h] = image instanceof HTMLImageElement ? [image.naturalWidth, image.naturalHeight] : [image.width, image.height];
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(w, h));
  const width = Math.max(1, Math.round(w * scale));
  const height = Math.max(1, Math.round(h * scale));
  const canvas = new OffscreenCanvas(width, height);
  const g = canvas.getContext('2d')!;
  g.imageSmoothingQuality = 'high';
  g.drawImage(image, 0, 0, width, height);
  if (!(image instanceof HTMLImageElement)) image.close();
  const type = file.type === 'image/png' ? 'image/png' : 'image/jpeg';
  const blob = await canvas.convertToBlob({ type, quality: 0.85 });
  const name = type === 'image/jpeg' ? file.name.replace(/\.[^.]*$/, '') + '.jpg' : file.name;
  return new File([blob], name, { type });
}

/**
 * The photo decoded upright, or null when the browser cannot: by `createImageBitmap`, else as an
 * image element would show it (Firefox's `createImageBitmap` refuses JPEGs that it shows, such
 * as one whose Exif segment comes before its JFIF one).
 */
async function decode(file: File): Promise<ImageBitmap | HTMLImageElement | null> {
  try {
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.src = url;
    try {
      await img.decode();
      return img;
    } catch {
      return null;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}
