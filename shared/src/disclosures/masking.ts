import { maskIdLast4, maskName, maskPhone } from '../identity/mask';
import type { Block, PersonalField } from './blocks.schema';

const MASKERS: Record<PersonalField, (value: string) => string> = {
  name: maskName,
  idNumber: maskIdLast4,
  bankAccount: maskIdLast4,
  phone: maskPhone,
};

/** Masks one cell of a personal column; an empty or already redacted cell stays as it is. */
export function maskPersonalValue(kind: PersonalField, value: string): string {
  if (value.trim() === '' || value === REDACTED_TEXT) return value;
  return MASKERS[kind](value);
}

/** What a redacted cell shows (issue 6: "an explained redaction of a field"). */
export const REDACTED_TEXT = '【已删除】';

/**
 * The blocks as the public sees them: every cell of a column marked `personal` is masked — names
 * partly, ID, bank and phone numbers to their last 4 (DOMAIN.md "Feedback": the public sees a
 * masked name; issue 6 "Personal data in published lists"). Returns new objects; never mutates.
 */
export function maskBlocks(blocks: readonly Block[]): Block[] {
  return blocks.map((block) => {
    if (block.type !== 'table' || !block.columns.some((c) => c.personal)) return block;
    return {
      ...block,
      rows: block.rows.map((row) =>
        row.map((cell, i) => {
          const kind = block.columns[i]?.personal;
          return kind ? maskPersonalValue(kind, cell) : cell;
        }),
      ),
    };
  });
}

/** True when any table has a personal column, i.e. the public and the cadres see different text. */
export function hasPersonalData(blocks: readonly Block[]): boolean {
  return blocks.some((b) => b.type === 'table' && b.columns.some((c) => c.personal));
}

/** The text of the blocks, one line per paragraph, item or row — for keyword search and previews. */
export function blocksPlainText(blocks: readonly Block[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === 'paragraph' || b.type === 'heading') lines.push(b.text);
    else if (b.type === 'list') lines.push(...b.items);
    else {
      if (b.caption) lines.push(b.caption);
      lines.push(b.columns.map((c) => c.label).join(' '));
      for (const row of b.rows) lines.push(row.join(' '));
    }
  }
  return lines.join('\n');
}
