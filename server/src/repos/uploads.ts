import type { Db } from '../db/connection.ts';

export interface UploadRow {
  file_url: string;
  file_name: string;
  file_type: string;
  file_size: number;
  thumbnail_url: string | null;
  uploader_type: string;
  uploader_id: number;
  created_at: string;
}

export function uploadsRepo(db: Db) {
  return {
    insert: (row: UploadRow) => db('uploads').insert(row),
    byUrl: (fileUrl: string) => db<UploadRow>('uploads').where({ file_url: fileUrl }).first(),

    /** Uploads made before a moment that no message carries, oldest first. */
    unattached: (before: string, limit: number) =>
      db<UploadRow>('uploads')
        .where('created_at', '<', before)
        .whereNotExists(db('messages').select(db.raw('1')).whereRaw('messages.media_url = uploads.file_url'))
        .orderBy('id')
        .limit(limit)
        .select<{ id: number; file_url: string; thumbnail_url: string | null }[]>('id', 'file_url', 'thumbnail_url'),

    deleteIds: (ids: number[]) => db('uploads').whereIn('id', ids).del(),
  };
}

export type UploadsRepo = ReturnType<typeof uploadsRepo>;
