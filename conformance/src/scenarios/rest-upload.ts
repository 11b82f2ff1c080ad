/** Uploads (guide: REST API Endpoints › Upload File; decisions §4). */
import { UploadResult } from '@salon-chat/protocol';
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import { imageFormat, makePng } from '../png.ts';
import type { Scenario } from '../scenario.ts';
import { conform, expectStatus, upload } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'REST API Endpoints › Upload File; decisions §4';

async function uploadPng(ctx: Context, actor: Actor, size?: number): Promise<ReturnType<typeof UploadResult.parse>> {
  const png = makePng(size);
  const response = await upload(ctx, png, 'photo.png', 'image/png', actor.token);
  expectStatus('upload.file', response, [200, 201], `POST /api/v1/chat/upload of a PNG as ${actor.name}`);
  const result = conform('upload.file', UploadResult, '{file_url, file_name, file_type, file_size, thumbnail_url}', response.body);
  // A server may keep the bytes as sent or re-encode them (e.g. to strip camera metadata, or as JPEG or WebP).
  ctx.check('upload.file', Number.isInteger(result.file_size) && result.file_size > 0, 'file_size a positive integer', show(result.file_size));
  ctx.check('upload.file', /^image\//i.test(result.file_type), 'file_type an image type (image/…)', show(result.file_type));
  return result;
}

export const scenarios: Scenario[] = [
  {
    id: 'rest-upload.multipart-file',
    title: 'multipart field "file" uploads for staff and customers, answering file_url, file_name, file_type, file_size',
    guide: GUIDE,
    rules: ['upload.file'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      await uploadPng(ctx, ctx.actor('staff'));
      await uploadPng(ctx, ctx.actor('customer'));
    },
  },
  {
    id: 'rest-upload.image-thumbnail',
    title: 'an uploaded image gets a thumbnail_url',
    guide: GUIDE,
    rules: ['upload.thumbnail'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
        const result = await uploadPng(ctx, actor);
        ctx.check('upload.thumbnail', typeof result.thumbnail_url === 'string' && result.thumbnail_url.length > 0, `a non-empty thumbnail_url for ${actor.name}'s image`, show(result.thumbnail_url));
      }
    },
  },
  {
    id: 'rest-upload.urls-serve-images',
    title: 'file_url serves the uploaded image, thumbnail_url a smaller image',
    guide: GUIDE,
    rules: ['upload.served'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
        const result = await uploadPng(ctx, actor, 640);
        const of = `${actor.name}'s upload`;
        const file = await ctx.http.download(result.file_url);
        ctx.check('upload.served', file.status === 200, `file_url of ${of} answers 200`, show(file.status));
        const original = imageFormat(file.bytes);
        ctx.check('upload.served', original !== null && file.contentType.toLowerCase().startsWith(`image/${original}`), 'the image (as sent or re-encoded), sent with its type', `${original ?? 'no image'} as ${show(file.contentType)}`);
        ctx.check('upload.served', typeof result.thumbnail_url === 'string' && result.thumbnail_url.length > 0, `a thumbnail_url of ${of} to fetch`, show(result.thumbnail_url));
        const thumbnail = await ctx.http.download(result.thumbnail_url);
        ctx.check('upload.served', thumbnail.status === 200, `thumbnail_url of ${of} answers 200`, show(thumbnail.status));
        const format = imageFormat(thumbnail.bytes);
        ctx.check('upload.served', format !== null && thumbnail.contentType.toLowerCase().startsWith(`image/${format}`), 'an image, sent with its type', `${format ?? 'no image'} as ${show(thumbnail.contentType)}`);
        ctx.check('upload.served', thumbnail.bytes.length < file.bytes.length, 'a thumbnail smaller than the image', `${thumbnail.bytes.length} bytes against ${file.bytes.length}`);
      }
    },
  },
  {
    id: 'rest-upload.requires-token',
    title: 'an upload without a token answers 401',
    guide: GUIDE,
    rules: ['upload.auth'],
    sides: [],
    async run(ctx: Context) {
      const response = await upload(ctx, makePng(), 'photo.png', 'image/png');
      expectStatus('upload.auth', response, [401], 'POST /api/v1/chat/upload without Authorization');
    },
  },
];
