import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { AttachmentRef, DisclosureDto } from '@sanwu/shared';
import { BlocksView } from '../../components/blocks-view';
import { noticeDaysLeft } from '../../components/disclosure-card';
import { FinanceTable } from '../../components/finance-table';
import { chineseDate, chineseTime } from '../../components/format';
import { go, PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { disclosureApi } from '../../services/api';
import { parseScene } from '../../services/village';
import {
  attachmentUrl,
  DISCLOSURE_STATE_LABELS,
  DOMAIN_LABELS,
  isImage,
} from '../../services/disclosure.types';

function Attachments({ refs }: { refs: AttachmentRef[] }) {
  if (refs.length === 0) return null;
  const images = refs.filter(isImage);
  const files = refs.filter((a) => !isImage(a));
  const urls = images.map((i) => attachmentUrl(i));
  return (
    <View className="section">
      <Text className="section-title">附件</Text>
      <View className="images">
        {images.map((img, i) => (
          <Image
            key={img.id}
            className="thumb"
            src={attachmentUrl(img, true)}
            mode="aspectFill"
            onClick={() => void Taro.previewImage({ current: urls[i], urls })}
          />
        ))}
      </View>
      {files.map((f) => (
        <Text
          key={f.id}
          className="link kv"
          onClick={() => void Taro.setClipboardData({ data: attachmentUrl(f) })}
        >
          {f.name}（点击复制下载链接）
        </Text>
      ))}
    </View>
  );
}

function History({ d }: { d: DisclosureDto }) {
  return (
    <View className="section">
      <Text className="section-title">历史版本</Text>
      {d.versions.map((v) => (
        <View key={v.no} className="version">
          <Text className="kv">
            第 {v.no} 版{v.kind === 'correction' ? '（更正）' : ''} · {DISCLOSURE_STATE_LABELS[v.state]}
            {v.publishedAt ? ` · ${chineseTime(v.publishedAt)}` : ''}
          </Text>
          {v.reason ? <Text className="muted">更正理由：{v.reason}</Text> : null}
          {v.revokeReason ? <Text className="muted">撤回理由：{v.revokeReason}</Text> : null}
        </View>
      ))}
    </View>
  );
}

/** One disclosure: body, attachments, finance table, signatures, window, versions and hash. */
export default function DisclosureDetail() {
  const { params } = useRouter();
  // Opened from the sheet's QR code by WeChat's "scan a plain link" rule, the link arrives as `q`.
  const id = params.id ?? parseScene(params.q).disclosureId ?? '';
  const { data: d, error, loading, reload } = useRemote(() => disclosureApi.get(id), [id]);
  if (!d) {
    return (
      <PageShell>
        <StatusView loading={loading} error={error} onRetry={() => void reload()} />
      </PageShell>
    );
  }
  const { current } = d;
  const signed = current.signatures.filter((s) => s.decision === 'approve');
  const left = noticeDaysLeft(d);
  return (
    <PageShell>
      <Text className="page-title">{current.content.title}</Text>
      <View className="card-meta">
        <Text className="tag">{DOMAIN_LABELS[d.domain]}</Text>
        <Text className="tag category">{d.categoryName}</Text>
        <Text className={`tag state-${d.state}`}>{DISCLOSURE_STATE_LABELS[d.state]}</Text>
        {left !== null ? <Text className="countdown">公示中，剩 {left} 天</Text> : null}
      </View>
      <View className="section kvs">
        <Text className="kv">公开单位：{d.orgName}</Text>
        {d.period ? <Text className="kv">所属期间：{d.period}</Text> : null}
        {current.publishedAt ? (
          <Text className="kv">公开时间：{chineseTime(current.publishedAt)}</Text>
        ) : null}
        <Text className="kv">
          公开期限：{d.displayUntil ? `至少至 ${chineseDate(d.displayUntil)}` : '长期公开'}
        </Text>
        {d.publicNotice?.windowEnd ? (
          <Text className="kv">异议截止：{chineseTime(d.publicNotice.windowEnd)}</Text>
        ) : null}
        {current.reason ? <Text className="kv">本版更正理由：{current.reason}</Text> : null}
      </View>
      <View className="section">
        <BlocksView blocks={current.content.blocks} />
      </View>
      {current.content.finance ? <FinanceTable statement={current.content.finance} /> : null}
      <Attachments refs={current.content.attachments} />
      <View className="section">
        <Text className="section-title">
          监督小组审核签章（{signed.length}/{current.requiredSignatures}）
        </Text>
        {signed.length === 0 ? <Text className="muted">暂无签章</Text> : null}
        {signed.map((s) => (
          <Text key={`${s.userId}-${s.round}`} className="kv">
            {s.name}，{chineseTime(s.at)}
          </Text>
        ))}
      </View>
      {d.objections ? (
        <View className="section">
          <Text className="section-title">异议情况</Text>
          <Text className="kv">
            已有 {d.objections.count} 位村民提出异议（本村登记村民 {d.objections.base} 人
            {d.objections.threshold !== null ? `，达到 ${d.objections.threshold} 人须更正后重新公开` : ''}）
          </Text>
        </View>
      ) : null}
      <History d={d} />
      {current.contentHash ? (
        <View className="section">
          <Text className="section-title">内容指纹（防篡改校验{d.chainValid ? '：通过' : '：异常'}）</Text>
          <Text className="hash" userSelect>
            {current.contentHash}
          </Text>
        </View>
      ) : null}
      <View className="actions">
        <View
          className="btn btn-primary"
          onClick={() => go(PAGES.ask, { orgId: d.orgId, disclosureId: d.id, type: 'inquiry' })}
        >
          <Text>质询</Text>
        </View>
        <View
          className="btn btn-secondary"
          onClick={() => go(PAGES.ask, { orgId: d.orgId, disclosureId: d.id, type: 'opinion' })}
        >
          <Text>提意见</Text>
        </View>
        {d.publicNotice?.open ? (
          <View
            className="btn btn-danger"
            onClick={() => go(PAGES.ask, { orgId: d.orgId, disclosureId: d.id, type: 'objection' })}
          >
            <Text>提出异议</Text>
          </View>
        ) : null}
      </View>
    </PageShell>
  );
}
