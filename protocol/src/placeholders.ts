/** The placeholders a quick reply's text may hold (extension), filled when it is inserted. */
export const QUICK_REPLY_PLACEHOLDERS = ['first_name', 'salon', 'hours', 'my_name'] as const;
export type QuickReplyPlaceholder = (typeof QUICK_REPLY_PLACEHOLDERS)[number];

/**
 * A quick reply's text with its placeholders filled: `{first_name}` the customer's first name,
 * `{salon}` the salon's name, `{hours}` its opening hours, `{my_name}` the staff member's name.
 * A placeholder it does not know, or whose value is missing, stays as typed, for the writer to see.
 */
export function fillPlaceholders(text: string, values: Partial<Record<QuickReplyPlaceholder, string | null>>): string {
  return text.replace(/\{(\w+)\}/g, (typed, name: string) => {
    const value = (QUICK_REPLY_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as QuickReplyPlaceholder]?.trim() : undefined;
    return value || typed;
  });
}

/** The first name in a full name: its first word ("Emma" of "Emma Wilson"). */
export const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? '';
