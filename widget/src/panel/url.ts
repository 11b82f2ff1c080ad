/**
 * Media URLs come from other people's messages: only http(s) URLs and paths relative to the
 * chat server are used, everything else (javascript:, data:, protocol-relative …) is dropped.
 */
export function safeMediaUrl(url: string | null | undefined, server: string): string | null {
  if (!url) return null;
  const value = url.trim();
  if (/^https?:\/\//i.test(value)) return parse(value);
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) {
    const base = parse(server || location.href);
    return base ? parse(value, base) : null;
  }
  return null;
}

function parse(value: string, base?: string): string | null {
  try {
    const parsed = new URL(value, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
