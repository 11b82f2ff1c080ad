/** A photo or a PDF picked, pasted or dropped, waiting in the composer for its caption. */
export interface Attachment {
  file: File;
  kind: 'image' | 'file';
  /** An object URL of a photo, for its preview. */
  preview?: string;
}

/** What the composer accepts to send, as the file input says it too. */
export const ACCEPT = 'image/*,application/pdf';

/** An attachment of the file, or null when it is neither a photo nor a PDF. */
export function attachment(file: File): Attachment | null {
  if (file.type.startsWith('image/')) return { file, kind: 'image', preview: URL.createObjectURL(file) };
  if (file.type === 'application/pdf') return { file, kind: 'file' };
  return null;
}

/** 2.4 MB, 830 kB */
export function fileSize(bytes: number, lang: string): string {
  const [value, unit] = bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : [Math.max(1, Math.round(bytes / 1e3)), 'kilobyte'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
