import { shanghaiDate, type Block, type CatalogueItem, type DisclosureDto } from '@sanwu/shared';

/** The fields of the cadre's phone form; turned into the API's draft by {@link draftBody}. */
export interface DraftForm {
  catalogueCode: string;
  title: string;
  text: string;
  period: string;
  settledOn: string;
  noticeDays: number | null;
  attachments: { id: string; name: string }[];
}

/** The period a scheduled item most likely reports on: the last finished month, quarter or half. */
export function defaultPeriod(item: Pick<CatalogueItem, 'cadence'> | undefined, now: Date): string {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const prevMonth = m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 };
  switch (item?.cadence) {
    case 'monthly':
      return `${prevMonth.y}-${String(prevMonth.m).padStart(2, '0')}`;
    case 'quarterly': {
      const q = Math.ceil(m / 3) - 1;
      return q === 0 ? `${y - 1}-Q4` : `${y}-Q${q}`;
    }
    case 'halfYearly':
      return m <= 6 ? `${y - 1}-H2` : `${y}-H1`;
    default:
      return '';
  }
}

/** Paragraphs typed on the phone as blocks; blocks the phone cannot edit (tables, lists) are kept. */
export function textToBlocks(text: string, keep: readonly Block[] = []): Block[] {
  const paragraphs = text
    .split(/\n+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t): Block => ({ type: 'paragraph', text: t }));
  return [...paragraphs, ...keep.filter((b) => b.type !== 'paragraph')];
}

export function formFrom(d: DisclosureDto): DraftForm {
  const { content } = d.current;
  return {
    catalogueCode: d.catalogueCode,
    title: content.title,
    text: content.blocks
      .filter((b) => b.type === 'paragraph')
      .map((b) => (b.type === 'paragraph' ? b.text : ''))
      .join('\n'),
    period: d.period ?? '',
    settledOn: d.settledOn ?? '',
    noticeDays: d.publicNotice?.days ?? null,
    attachments: content.attachments,
  };
}

/** The draft fields the API takes (shared ZCreateDisclosure / ZPatchDisclosure validate them). */
export function draftBody(form: DraftForm, keep: readonly Block[] = []) {
  return {
    title: form.title,
    blocks: textToBlocks(form.text, keep),
    attachments: form.attachments,
    period: form.period || undefined,
    settledOn: form.settledOn || undefined,
    publicNoticeDays: form.noticeDays ?? undefined,
  };
}
