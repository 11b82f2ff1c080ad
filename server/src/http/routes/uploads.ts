import { UploadResult } from '@salon-chat/protocol';
import { invalid } from '../../errors.ts';
import type { Services } from '../../services/index.ts';
import type { IncomingFile } from '../../services/uploads.ts';
import { endpoint } from '../endpoint.ts';
import { perAddress } from '../limits.ts';

export const uploadEndpoints = ({ uploads, limiters }: Services, maxBytes: number, perMinute: number) => {
  // Each upload is sniffed, and an image decoded twice: their number is bounded as well as their bytes.
  const uploadRate = perAddress(limiters, perMinute, 'uploads');
  return [
  endpoint({
    method: 'post',
    path: '/api/v1/chat/upload',
    operationId: 'uploadFile',
    tag: 'Uploads',
    summary: 'Upload an image, a voice note or a PDF',
    description: `Multipart field \`file\`, at most ${Math.round(maxBytes / 1024 / 1024)} MiB. The type is checked from the bytes; images get a \`thumbnail_url\`. Use \`file_url\` as the \`media_url\` of a message. 413 beyond it, or beyond the bytes of the day: the account's (\`UPLOAD_BYTES_PER_DAY\`), and a guest's client address's (\`GUEST_UPLOAD_BYTES_PER_DAY_PER_ADDRESS\`). At most \`UPLOADS_PER_MINUTE\` uploads a minute from one client address (429 with \`Retry-After\`).`,
    access: 'any',
    status: 201,
    multipart: true,
    response: UploadResult,
    errors: [401, 413, 415, 422, 429],
    handler: async ({ actor, ctx }) => {
      await uploadRate(ctx);
      const field = ctx.request.files?.file;
      const files = Array.isArray(field) ? field : field ? [field] : [];
      if (files.length !== 1) throw invalid('file: send exactly one file in the multipart field "file"');
      return uploads.store(actor, files[0] as unknown as IncomingFile, ctx.ip);
    },
  }),
  ];
};
