import { Text, View } from '@tarojs/components';
import { FINANCE_DIRECTION_LABELS, formatYuan, type FinanceStatement } from '@sanwu/shared';
import { chineseDate } from './format';

interface SubjectTotal {
  subject: string;
  income: number;
  expense: number;
}

/** Income and expense per subject (科目), biggest first, with the statement's totals. */
export function summarise(statement: FinanceStatement) {
  const bySubject = new Map<string, SubjectTotal>();
  let income = 0;
  let expense = 0;
  for (const line of statement.lines) {
    const row = bySubject.get(line.subject) ?? { subject: line.subject, income: 0, expense: 0 };
    row[line.direction] += line.amountFen;
    bySubject.set(line.subject, row);
    if (line.direction === 'income') income += line.amountFen;
    else expense += line.amountFen;
  }
  const subjects = [...bySubject.values()].sort((a, b) => b.income + b.expense - (a.income + a.expense));
  return { income, expense, subjects };
}

/** The finance statement as a readable table with totals and a bar chart by subject. */
export function FinanceTable({ statement }: { statement: FinanceStatement }) {
  const { income, expense, subjects } = summarise(statement);
  const largest = Math.max(1, ...subjects.map((s) => Math.max(s.income, s.expense)));
  const pct = (fen: number) => `${Math.max(1, Math.round((fen / largest) * 100))}%`;
  return (
    <View className="finance">
      {statement.periodLabel ? <Text className="section-title">{statement.periodLabel}财务收支</Text> : null}
      <View className="finance-totals">
        <Text className="kv">期初余额：{formatYuan(statement.openingBalanceFen)} 元</Text>
        <Text className="kv income">本期收入：{formatYuan(income)} 元</Text>
        <Text className="kv expense">本期支出：{formatYuan(expense)} 元</Text>
        <Text className="kv">期末余额：{formatYuan(statement.closingBalanceFen)} 元</Text>
      </View>
      <Text className="section-title">按科目收支</Text>
      <View className="chart" aria-label="按科目收支图">
        {subjects.map((s) => (
          <View key={s.subject} className="chart-row">
            <Text className="chart-label">{s.subject}</Text>
            {s.income > 0 ? (
              <View className="chart-bar income" style={{ width: pct(s.income) }}>
                <Text className="chart-value">收 {formatYuan(s.income)}</Text>
              </View>
            ) : null}
            {s.expense > 0 ? (
              <View className="chart-bar expense" style={{ width: pct(s.expense) }}>
                <Text className="chart-value">支 {formatYuan(s.expense)}</Text>
              </View>
            ) : null}
          </View>
        ))}
      </View>
      <Text className="section-title">收支明细</Text>
      <View className="table">
        <View className="tr th">
          <Text className="td">日期</Text>
          <Text className="td">科目/摘要</Text>
          <Text className="td num">金额（元）</Text>
        </View>
        {statement.lines.map((line, i) => (
          <View key={i} className="tr">
            <Text className="td">{chineseDate(line.date).replace(/^\d+年/, '')}</Text>
            <Text className="td">
              {line.subject}：{line.description}
              {line.voucherNo ? `（${line.voucherNo}）` : ''}
            </Text>
            <Text className={`td num ${line.direction}`}>
              {FINANCE_DIRECTION_LABELS[line.direction]} {formatYuan(line.amountFen)}
            </Text>
          </View>
        ))}
        <View className="tr total">
          <Text className="td">合计</Text>
          <Text className="td">收入 {formatYuan(income)}</Text>
          <Text className="td num">支出 {formatYuan(expense)}</Text>
        </View>
      </View>
    </View>
  );
}
