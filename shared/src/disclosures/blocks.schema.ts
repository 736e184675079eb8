import { z } from 'zod';
import { ZObjectId } from '../http/object-id';

// The body of a disclosure as structured blocks rather than free HTML: the mini-program renders
// them natively, the print sheet typesets them, and personal columns of a table can be masked
// for the public (DOMAIN.md "Disclosures"; issue 6 "Personal data in published lists").

/**
 * Kinds of personal data a table column may hold. The public view masks them (name partly, ID,
 * bank and phone numbers to the last 4); cadres of the org see them whole.
 */
export const PERSONAL_FIELDS = ['name', 'idNumber', 'bankAccount', 'phone'] as const;
/** One of {@link PERSONAL_FIELDS}. */
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

const ZText = (max: number, what: string) =>
  z
    .string({ error: `${what}应为文本` })
    .trim()
    .min(1, `${what}不能为空`)
    .max(max, `${what}不能超过 ${max} 个字符`);

/** A paragraph of text. */
export const ZParagraphBlock = z.object({
  type: z.literal('paragraph'),
  text: ZText(5000, '段落'),
});

/** A heading (level 1–3). */
export const ZHeadingBlock = z.object({
  type: z.literal('heading'),
  level: z.number().int().min(1).max(3).default(2),
  text: ZText(200, '标题'),
});

/** A bulleted or numbered list. */
export const ZListBlock = z.object({
  type: z.literal('list'),
  ordered: z.boolean().default(false),
  items: z.array(ZText(1000, '列表项')).min(1, '列表至少要有一项').max(200, '列表不能超过 200 项'),
});

/** A table column; `personal` marks columns masked in the public view. */
export const ZTableColumn = z.object({
  key: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, '列标识应为字母开头的字母、数字或下划线（最多 32 个）'),
  label: ZText(40, '列名'),
  personal: z.enum(PERSONAL_FIELDS).optional(),
});
export type TableColumn = z.infer<typeof ZTableColumn>;

/** A table: columns and rows of text cells (numbers are typed as shown, amounts in 元 text). */
export const ZTableBlock = z
  .object({
    type: z.literal('table'),
    caption: z.string().trim().max(200, '表格标题不能超过 200 个字符').optional(),
    columns: z.array(ZTableColumn).min(1, '表格至少要有一列').max(20, '表格不能超过 20 列'),
    rows: z
      .array(z.array(z.string().trim().max(500, '单元格不能超过 500 个字符')).max(20))
      .max(2000, '表格不能超过 2000 行'),
  })
  .superRefine((table, ctx) => {
    const keys = new Set<string>();
    table.columns.forEach((c, i) => {
      if (keys.has(c.key))
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'key'], message: '列标识重复' });
      keys.add(c.key);
    });
    table.rows.forEach((row, i) => {
      if (row.length !== table.columns.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i],
          message: `第 ${i + 1} 行应有 ${table.columns.length} 个单元格`,
        });
      }
    });
  });
export type TableBlock = z.infer<typeof ZTableBlock>;

/** One block of a disclosure's body. */
export const ZBlock = z
  .discriminatedUnion('type', [ZParagraphBlock, ZHeadingBlock, ZListBlock, ZTableBlock], {
    error: '正文块类型应为 paragraph、heading、list 或 table',
  })
  .meta({ id: 'DisclosureBlock', description: '正文块：段落、标题、列表或表格' });
export type Block = z.infer<typeof ZBlock>;
export type BlockInput = z.input<typeof ZBlock>;

/** The body: at least one block. */
export const ZBlocks = z.array(ZBlock).min(1, '正文不能为空').max(300, '正文不能超过 300 块');

/** An attachment stored by the attachment service (its id) with the name shown to readers. */
export const ZAttachmentRef = z
  .object({
    id: ZObjectId,
    name: ZText(120, '附件名称'),
  })
  .meta({ id: 'AttachmentRef', description: '附件引用' });
export type AttachmentRef = z.infer<typeof ZAttachmentRef>;
