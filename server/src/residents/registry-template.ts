import ExcelJS from 'exceljs';
import { EXPORT_HEADERS } from './registry-file';

const NOTES = [
  ['填写说明'],
  ['1. 第一行是表头，请勿修改；每行一位村民，从第二行开始填写。'],
  ['2. 只填写身份证后四位（或填写完整身份证号，系统只保留后四位和出生日期推算的是否成年）。'],
  ['3. 手机号选填，系统只保存加密后的号码，页面上只显示打码后的号码。'],
  ['4. 户号相同的村民算作同一户；“是否村民代表”“是否成年”填“是”或“否”。'],
  ['5. 任一行有错误时整份文件都不会导入，请按提示改正后重新上传。'],
];

/** The empty registry workbook cadres fill in: the import's header row plus instructions. */
export async function registryTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // The data sheet comes first: the importer reads the first worksheet.
  const sheet = workbook.addWorksheet('村民名册');
  sheet.addRow(EXPORT_HEADERS);
  sheet.getRow(1).font = { bold: true };
  EXPORT_HEADERS.forEach((_h, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = 16;
    // Text cells: ID digits and households like "0012" must not become numbers.
    column.numFmt = '@';
  });
  const notes = workbook.addWorksheet('填写说明');
  for (const line of NOTES) notes.addRow(line);
  notes.getColumn(1).width = 90;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
