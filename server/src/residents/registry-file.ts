import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { isMobile, normalizePhone } from './phone';

/** One valid row of a registry file, as the importer stores it (phone still in clear here). */
export interface RegistryRow {
  name: string;
  idLast4: string;
  phone?: string;
  household: string;
  isRepresentative: boolean;
  isAdult: boolean;
}

/** A problem in the file: spreadsheet row number (header = 1), column header, Chinese message. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export type RegistryFormat = 'csv' | 'xlsx';

export const MAX_REGISTRY_ROWS = 5000;

/** Accepted headers for each field; the first is the one the export writes. */
const HEADERS = {
  name: ['姓名'],
  idLast4: ['身份证后四位', '身份证后4位'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码'],
  phone: ['手机号', '手机号码', '联系电话'],
  household: ['户号', '户编号'],
  isRepresentative: ['是否村民代表', '村民代表'],
  isAdult: ['是否成年'],
  birthDate: ['出生日期'],
} as const;
type Field = keyof typeof HEADERS;

const YES = new Set(['是', 'y', 'yes', '1', 'true', '√', '✓']);
const NO = new Set(['否', 'n', 'no', '0', 'false', '']);

const zBool = (label: string) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase();
    if (YES.has(s)) return true;
    if (NO.has(s)) return false;
    ctx.addIssue({ code: 'custom', message: `“${label}”请填写“是”或“否”` });
    return z.NEVER;
  });

const ZRawRow = z.object({
  name: z
    .string()
    .trim()
    .min(1, '姓名不能为空')
    .max(40, '姓名过长')
    .regex(/^[\p{Script=Han}·•A-Za-z\s]+$/u, '姓名只能包含汉字、字母或间隔号'),
  idLast4: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{3}[\dX]$/, '身份证后四位应为 4 位数字（最后一位可为 X）')
    .optional(),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^(\d{17}[\dX]|\d{15})$/, '身份证号应为 18 位（或旧式 15 位）')
    .optional(),
  phone: z
    .string()
    .trim()
    .refine((v) => v === '' || isMobile(v), '手机号应为 11 位手机号码')
    .optional(),
  household: z.string().trim().min(1, '户号不能为空').max(40, '户号过长'),
  isRepresentative: zBool('是否村民代表').optional(),
  isAdult: zBool('是否成年').optional(),
  birthDate: z
    .string()
    .trim()
    .regex(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$|^$/, '出生日期格式应为 1980-01-31')
    .optional(),
});

function birthFromId(id: string): string | null {
  if (id.length !== 18) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

function normaliseDate(text: string): string | null {
  const m = /^(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

/** Age ≥ 18 on `today` (both YYYY-MM-DD), by comparing the date strings. */
function adultOn(birth: string, today: string): boolean {
  const eighteenth = `${String(Number(birth.slice(0, 4)) + 18).padStart(4, '0')}${birth.slice(4)}`;
  return eighteenth <= today;
}

/** Reads the file into a header row and data rows of trimmed text. */
async function readTable(buffer: Buffer, format: RegistryFormat): Promise<string[][]> {
  if (format === 'csv') {
    // Excel in China saves CSV as GBK by default; decode as UTF-8 only when it is valid UTF-8.
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch {
      text = new TextDecoder('gbk').decode(buffer);
    }
    return parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // NOTE: an 18-digit ID typed into a number cell has lost its last digits already
    // (doubles hold ~16); flag it instead of importing a wrong "last 4".
    return Number.isSafeInteger(value) ? String(value) : `#NUMBER:${value}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
  }
  return String(value).trim();
}

/**
 * Parses and validates a registry file completely. Returns every row's problem, not just
 * the first, so the cadre fixes the file in one go; `rows` is only meaningful when
 * `errors` is empty.
 */
export async function readRegistryFile(
  buffer: Buffer,
  format: RegistryFormat,
  today: string,
): Promise<{ rows: RegistryRow[]; errors: RowError[] }> {
  let table: string[][];
  try {
    table = await readTable(buffer, format);
  } catch {
    return {
      rows: [],
      errors: [
        {
          row: 0,
          column: '',
          message: format === 'csv' ? 'CSV 文件无法解析' : 'Excel 文件无法读取，请另存为 .xlsx 后重试',
        },
      ],
    };
  }
  const [header = [], ...data] = table;
  const columns = new Map<Field, number>();
  header.forEach((h, i) => {
    const text = h.trim();
    for (const [field, names] of Object.entries(HEADERS) as [Field, readonly string[]][]) {
      if (names.includes(text) && !columns.has(field)) columns.set(field, i);
    }
  });
  const errors: RowError[] = [];
  for (const field of ['name', 'household'] as const) {
    if (!columns.has(field))
      errors.push({ row: 1, column: HEADERS[field][0], message: `缺少“${HEADERS[field][0]}”列` });
  }
  if (!columns.has('idLast4') && !columns.has('idNumber')) {
    errors.push({ row: 1, column: '身份证后四位', message: '缺少“身份证后四位”或“身份证号”列' });
  }
  if (errors.length) return { rows: [], errors };
  const label = (field: string) => header[columns.get(field as Field) ?? -1] ?? field;

  const rows: RegistryRow[] = [];
  const seen = new Map<string, number>();
  data.forEach((cells, i) => {
    const rowNumber = i + 2;
    if (cells.every((c) => !c || !c.trim())) return; // Excel's trailing blank rows
    const raw: Record<string, string> = {};
    for (const [field, col] of columns) raw[field] = (cells[col] ?? '').trim();
    const before = errors.length;
    for (const [field, value] of Object.entries(raw)) {
      if (value.startsWith('#NUMBER:')) {
        errors.push({
          row: rowNumber,
          column: label(field),
          message: '该单元格被 Excel 存成了数字，末几位可能已丢失，请设为文本格式后重新填写',
        });
        delete raw[field];
      }
    }
    if (errors.length > before) return;
    const parsed = ZRawRow.safeParse(raw);
    if (!parsed.success) {
      // One message per cell: the first problem found is the one to fix.
      const reported = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = label(String(issue.path[0]));
        if (reported.has(column)) continue;
        reported.add(column);
        errors.push({ row: rowNumber, column, message: issue.message });
      }
      return;
    }
    const r = parsed.data;
    const idLast4 = r.idLast4 ?? r.idNumber?.slice(-4);
    if (!idLast4) {
      errors.push({
        row: rowNumber,
        column: label(columns.has('idLast4') ? 'idLast4' : 'idNumber'),
        message: '身份证后四位不能为空',
      });
      return;
    }
    const birth =
      (r.birthDate && normaliseDate(r.birthDate)) || (r.idNumber && birthFromId(r.idNumber)) || null;
    const key = `${r.name}|${idLast4}`;
    if (seen.has(key)) {
      errors.push({
        row: rowNumber,
        column: label('name'),
        message: `与第 ${seen.get(key)} 行重复（姓名和身份证后四位相同）`,
      });
      return;
    }
    seen.set(key, rowNumber);
    rows.push({
      name: r.name,
      idLast4,
      phone: r.phone ? normalizePhone(r.phone) : undefined,
      household: r.household,
      isRepresentative: r.isRepresentative ?? false,
      isAdult: r.isAdult ?? (birth ? adultOn(birth, today) : true),
    });
  });
  if (rows.length + errors.length > MAX_REGISTRY_ROWS) {
    errors.unshift({ row: 0, column: '', message: `一次最多导入 ${MAX_REGISTRY_ROWS} 行` });
  }
  if (rows.length === 0 && errors.length === 0)
    errors.push({ row: 2, column: '', message: '文件中没有数据行' });
  return { rows, errors };
}

/** The export's header row, readable back by {@link readRegistryFile}. */
export const EXPORT_HEADERS = ['姓名', '身份证后四位', '手机号', '户号', '是否村民代表', '是否成年'];
