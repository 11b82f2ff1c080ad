import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { UploadResult } from '@salon-chat/protocol';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { now, type Actor } from '../domain.ts';
import { AppError } from '../errors.ts';
import type { UploadsRepo } from '../repos/uploads.ts';
import type { Budget, QuotaService } from './quotas.ts';

/** What may be uploaded, as sniffed from the bytes; WebM and MP4 count as audio (voice notes). */
const ALLOWED: Record<string, string> = {
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'audio/mpeg': 'audio/mpeg',
  'audio/ogg': 'audio/ogg',
  'audio/opus': 'audio/ogg',
  'audio/wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/webm': 'audio/webm',
  'video/webm': 'audio/webm',
  'audio/mp4': 'audio/mp4',
  'audio/x-m4a': 'audio/mp4',
  'video/mp4': 'audio/mp4',
  'audio/aac': 'audio/aac',
  'application/pdf': 'application/pdf',
};

const THUMBNAIL_SIZE = 320;
const STILL_IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Images are decoded only up to this many pixels (a 40 MP phone photo); a larger one is refused unread. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Decoded images at once: each may hold up to `MAX_IMAGE_PIXELS` × 4 bytes while it is worked on. */
const IMAGE_WORK_AT_ONCE = 2;

sharp.cache(false);

/** Runs image work a few at a time, so that concurrent uploads cannot add up their memory. */
class WorkQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running++;
    try {
      return await work();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }
}

const image = (file: string) => sharp(file, { animated: false, limitInputPixels: MAX_IMAGE_PIXELS });

async function carriesMetadata(file: string): Promise<boolean> {
  const { exif, xmp, iptc } = await image(file).metadata();
  return Boolean(exif || xmp || iptc);
}

/** Reads only the image's header: one over the pixel limit is refused before anything is decoded. */
async function checkSize(file: string): Promise<void> {
  let width = 0;
  let height = 0;
  try {
    ({ width = 0, height = 0 } = await sharp(file, { animated: false, limitInputPixels: false }).metadata());
  } catch {
    throw new AppError(415, 'unsupported_media_type', 'file: the image could not be decoded');
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new AppError(422, 'validation_failed', `file: the image is ${width}×${height} pixels; at most ${MAX_IMAGE_PIXELS / 1e6} megapixels are accepted`);
  }
}

export interface IncomingFile {
  filepath: string;
  originalFilename: string | null;
  size: number;
}

function safeStem(name: string | null): string {
  const base = path.basename(name ?? 'file').replace(/\.[^.]*$/, '');
  return base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'file';
}

/**
 * What an upload costs the disk, as the budgets count it: each file it keeps in whole blocks of a
 * file system (at least one), and one block more for its rows in the database. Many tiny files
 * then cost what they take.
 */
const BLOCK = 4096;
const onDisk = (sizes: number[]) => sizes.reduce((total, size) => total + Math.max(1, Math.ceil(size / BLOCK)) * BLOCK, BLOCK);

const tooLarge = (detail: string) => new AppError(413, 'payload_too_large', detail);
/** Bytes as a person reads them: MB, or kB below a megabyte. */
const amount = (bytes: number) => (bytes >= 1e6 ? `${Math.round(bytes / 1e6)} MB` : `${Math.round(bytes / 1e3)} kB`);

export function uploadService(repo: UploadsRepo, quotas: QuotaService, uploadDir: string, bytesPerDay: { perAccount: number; perGuestAddress: number }) {
  const chatDir = path.join(uploadDir, 'chat');
  const imageWork = new WorkQueue(IMAGE_WORK_AT_ONCE);

  /** The budgets an upload by `actor` from `ip` takes its bytes from. */
  function budgetsOf(actor: Actor, ip: string): Budget[] {
    const perAccount: Budget = {
      meter: `upload-bytes:${actor.type}:${actor.id}`,
      limit: bytesPerDay.perAccount,
      refuse: (used) => tooLarge(`file: at most ${amount(bytesPerDay.perAccount)} of uploads a day per account (${amount(used)} used)`),
    };
    if (actor.guestOf === undefined) return [perAccount];
    return [
      perAccount,
      {
        meter: quotas.addressMeter('guest-upload-bytes', ip),
        limit: bytesPerDay.perGuestAddress,
        refuse: (used) => tooLarge(`file: at most ${amount(bytesPerDay.perGuestAddress)} of uploads a day from guests at this address (${amount(used)} used): sign in to send more`),
      },
    ];
  }

  /** Checks the file's type and keeps it (an image with a thumbnail); each file written is added to `written`. */
  async function keep(file: IncomingFile, written: string[]): Promise<UploadResult> {
    const sniffed = await fileTypeFromFile(file.filepath);
    // a sniffed type may carry parameters (`audio/ogg; codecs=opus`, as Firefox records voice notes)
    const type = sniffed && ALLOWED[sniffed.mime.split(';')[0].trim()];
    if (!sniffed || !type) {
      throw new AppError(415, 'unsupported_media_type', 'file: only images (JPEG, PNG, GIF, WebP), audio and PDF files are accepted');
    }
    await mkdir(chatDir, { recursive: true });
    const stem = `${(Date.now() / 1000).toFixed(3)}.${randomBytes(4).toString('hex')}_${safeStem(file.originalFilename)}`;
    const fileName = `${stem}.${sniffed.ext}`;
    const target = path.join(chatDir, fileName);

    let thumbnailUrl: string | null = null;
    if (type.startsWith('image/')) {
      await checkSize(file.filepath);
      const thumbName = `${stem}_thumb.jpg`;
      written.push(path.join(chatDir, thumbName));
      try {
        await imageWork.run(() =>
          image(file.filepath)
            .rotate()
            .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
            .flatten({ background: '#ffffff' })
            .jpeg({ quality: 80, mozjpeg: true })
            .toFile(path.join(chatDir, thumbName)),
        );
      } catch {
        throw new AppError(415, 'unsupported_media_type', 'file: the image could not be decoded');
      }
      thumbnailUrl = `/uploads/chat/${thumbName}`;
    }
    written.push(target);
    if (STILL_IMAGES.has(type) && (await carriesMetadata(file.filepath))) {
      // Photos from phones carry EXIF: where and when they were taken. Such images are kept
      // re-encoded, upright and without it; others are kept byte for byte.
      await imageWork.run(() => image(file.filepath).rotate().toFormat(sniffed.ext as 'jpeg' | 'png' | 'webp', { quality: 90 }).toFile(target));
    } else {
      await copyFile(file.filepath, target);
    }
    await rm(file.filepath, { force: true });
    const { size } = await stat(target);
    return {
      file_url: `/uploads/chat/${fileName}`,
      file_name: `${safeStem(file.originalFilename)}.${sniffed.ext}`,
      file_type: type,
      file_size: size,
      thumbnail_url: thumbnailUrl,
    };
  }

  return {
    /** Deletes the uploads made before a moment that no message carries, files and rows; how many went. */
    async expireUnattached(before: Date): Promise<number> {
      let removed = 0;
      for (;;) {
        const rows = await repo.unattached(before.toISOString(), 500);
        if (rows.length === 0) return removed;
        await repo.deleteIds(rows.map((row) => row.id));
        const urls = rows.flatMap((row) => [row.file_url, row.thumbnail_url]).filter((url): url is string => url !== null);
        await Promise.all(urls.map((url) => rm(path.join(uploadDir, url.replace(/^\/uploads\//, '')), { force: true })));
        removed += rows.length;
      }
    },

    /** Deletes what interrupted uploads left in the incoming folder before a moment; how many files went. */
    async removeIncomingBefore(before: Date): Promise<number> {
      const dir = path.join(uploadDir, '.incoming');
      const names = await readdir(dir).catch(() => [] as string[]);
      let removed = 0;
      for (const name of names) {
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => null);
        if (info?.isFile() && info.mtime < before) {
          await rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },

    /**
     * Keeps an uploaded file if its bytes are an allowed type; images also get a thumbnail. What
     * it costs the disk (`onDisk`) is reserved first from the account's budget of the day, and a
     * guest's also from their client address's (`ip`), as the file sent; what is kept (file and
     * thumbnail) counts when it is more. A refused file gives its bytes back.
     */
    async store(actor: Actor, file: IncomingFile, ip: string): Promise<UploadResult> {
      const budgets = budgetsOf(actor, ip);
      const sent = onDisk([file.size]);
      const reservations = [await quotas.take(sent, budgets)];
      const written: string[] = [];
      try {
        const result = await keep(file, written);
        const kept = onDisk(await Promise.all(written.map(async (f) => (await stat(f)).size)));
        if (kept > sent) reservations.push(await quotas.take(kept - sent, budgets));
        await repo.insert({ ...result, thumbnail_url: result.thumbnail_url ?? null, uploader_type: actor.type, uploader_id: actor.id, created_at: now() });
        return result;
      } catch (err) {
        await Promise.all([...reservations.map((r) => quotas.release(r)), ...written.map((f) => rm(f, { force: true }))]);
        throw err;
      }
    },
  };
}

export type UploadService = ReturnType<typeof uploadService>;
