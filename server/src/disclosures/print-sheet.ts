import QRCode from 'qrcode';
import {
  FINANCE_DIRECTION_LABELS,
  formatYuan,
  shanghaiDate,
  type Block,
  type DisclosureDto,
  type FinanceStatement,
} from '@sanwu/shared';

// The bulletin-board sheet (公开栏张贴稿): an A4 HTML page in Chinese typography, printed from the
// browser. The QR code opens the item in the H5 app (and, once the mini-program's 扫普通链接二维码打开
// 小程序 rule is configured for this URL prefix in the WeChat admin console, in the mini-program):
//
//   ${PUBLIC_BASE_URL}/#/pages/disclosure/index?id=<disclosureId>
//
// i.e. the Taro H5 hash route of the mini-program's `pages/disclosure/index` page with `id`.

/** The URL the sheet's QR code opens. */
export function disclosureUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#/pages/disclosure/index?id=${encodeURIComponent(id)}`;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** `2026-04-03` (Asia/Shanghai) → `2026年4月3日`. */
export function chineseDate(value: string | Date | null): string {
  if (!value) return '';
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : shanghaiDate(new Date(value));
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `<h${block.level + 1}>${esc(block.text)}</h${block.level + 1}>`;
    case 'paragraph':
      return `<p>${esc(block.text)}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table':
      return (
        `<table>${block.caption ? `<caption>${esc(block.caption)}</caption>` : ''}` +
        `<thead><tr>${block.columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr></thead>` +
        `<tbody>${block.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      );
  }
}

function financeHtml(f: FinanceStatement): string {
  const sum = (dir: 'income' | 'expense') =>
    f.lines.filter((l) => l.direction === dir).reduce((a, l) => a + l.amountFen, 0);
  const rows = f.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.date)}</td><td>${FINANCE_DIRECTION_LABELS[l.direction]}</td><td>${esc(l.subject)}</td>` +
        `<td class="text">${esc(l.description)}</td><td class="num">${formatYuan(l.amountFen)}</td>` +
        `<td>${esc(l.voucherNo)}</td><td>${esc(l.handler)}</td></tr>`,
    )
    .join('');
  const total = (label: string, fen: number) =>
    `<tr class="total"><td colspan="4">${label}</td><td class="num">${formatYuan(fen)}</td><td colspan="2"></td></tr>`;
  return (
    `<table class="finance"><caption>财务收支明细${f.periodLabel ? `（${esc(f.periodLabel)}）` : ''}\u3000单位：元</caption>` +
    '<thead><tr><th>日期</th><th>收支</th><th>科目</th><th>摘要</th><th>金额</th><th>凭证号</th><th>经手人</th></tr></thead>' +
    `<tbody>${total('期初余额', f.openingBalanceFen)}${rows}${total('本期收入合计', sum('income'))}` +
    `${total('本期支出合计', sum('expense'))}${total('期末余额', f.closingBalanceFen)}</tbody></table>`
  );
}

const STYLE = `
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #000; font: 12pt/1.75 "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
header { text-align: center; border-bottom: 2px solid #b00; padding-bottom: 6pt; margin-bottom: 10pt; }
header .org { font: 14pt "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; color: #b00; letter-spacing: 2pt; }
h1 { font: bold 20pt/1.4 "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; margin: 6pt 0; }
h2, h3, h4 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; margin: 10pt 0 4pt; }
.meta { font-size: 10.5pt; color: #333; }
p { text-indent: 2em; margin: 4pt 0; text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: 8pt 0; font-size: 10.5pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
caption { font-weight: bold; margin-bottom: 4pt; }
th, td { border: 1px solid #000; padding: 2pt 4pt; text-align: center; }
td.num { text-align: right; font-family: "Times New Roman", serif; white-space: nowrap; }
td.text { text-align: left; }
tr.total td { font-weight: bold; }
.notice { border: 2px solid #b00; color: #b00; padding: 6pt; margin: 8pt 0; font-weight: bold; }
footer { margin-top: 14pt; display: flex; justify-content: space-between; align-items: flex-end; gap: 12pt; page-break-inside: avoid; }
footer .qr { width: 32mm; text-align: center; font-size: 9pt; }
footer .qr svg { width: 30mm; height: 30mm; }
.hash { font: 8pt/1.4 "Courier New", monospace; word-break: break-all; color: #333; }
@media screen { body { max-width: 210mm; margin: 12mm auto; padding: 0 12mm; } }
`;

/** The whole sheet as an HTML document (content already masked for the public by the caller). */
export async function renderPrintSheet(d: DisclosureDto, url: string): Promise<string> {
  const v = d.current;
  const qr = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const signers = v.signatures.filter(
    (s) => s.decision === 'approve' && s.round === Math.max(...v.signatures.map((x) => x.round)),
  );
  const window = d.displayUntil
    ? `${chineseDate(v.publishedAt)}至${chineseDate(d.displayUntil)}`
    : '长期公开，至内容变更时止';
  const notices = [
    v.revokedAt ? `本事项已于${chineseDate(v.revokedAt)}撤回。撤回理由：${esc(v.revokeReason)}` : '',
    v.kind === 'correction' ? `本稿为第 ${v.no} 版（更正稿）。更正理由：${esc(v.reason)}` : '',
    d.publicNotice
      ? `公示期：${chineseDate(v.publishedAt)}至${chineseDate(d.publicNotice.windowEnd)}。如有异议，请在公示期内扫码或向村监督小组反映。`
      : '',
  ].filter(Boolean);
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(v.content.title)}</title><style>${STYLE}</style></head>
<body>
<header><div class="org">${esc(d.orgName)}三务公开栏</div><h1>${esc(v.content.title)}</h1>
<div class="meta">公开类别：${esc(d.categoryName)}${d.period ? `\u3000公开期间：${esc(d.period)}` : ''}\u3000发布日期：${chineseDate(v.publishedAt)}</div></header>
${notices.map((n) => `<div class="notice">${n}</div>`).join('\n')}
<main>${v.content.blocks.map(blockHtml).join('\n')}
${v.content.finance ? financeHtml(v.content.finance) : ''}
${v.content.attachments.length ? `<p>附件：${v.content.attachments.map((a) => esc(a.name)).join('、')}</p>` : ''}</main>
<footer><div>
<div>审核签章：${signers.map((s) => `${esc(s.name)}（${chineseDate(s.at)}）`).join('、') || '—'}</div>
<div>公开期：${window}</div>
<div>发布单位：${esc(d.orgName)}\u3000发布日期：${chineseDate(v.publishedAt)}</div>
<div class="hash">内容哈希（第 ${v.no} 版）：${esc(v.contentHash)}</div>
</div><div class="qr">${qr}<div>微信扫码查看、提意见</div></div></footer>
</body></html>`;
}
