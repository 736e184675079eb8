import { Button, Image, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  FEEDBACK_IMAGES_MAX,
  FEEDBACK_TYPE_LABELS,
  type FeedbackDto,
  type FeedbackType,
} from '@sanwu/shared';
import { useState } from 'react';
import { chineseDate } from '../../components/format';
import { go, PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { platform } from '../../platform';
import { attachmentApi, feedbackApi, orgApi } from '../../services/api';
import { newIdempotencyKey } from '../../services/api-client';
import { describeError } from '../../services/api-error';
import { SUBSCRIBE_TEMPLATES } from '../../services/config';
import { duePreview, type OrgFeedbackPolicies } from '../../services/deadline';
import { useSession } from '../../services/session';

const TYPES: FeedbackType[] = ['opinion', 'inquiry', 'objection', 'report', 'joint_request'];

const PLACEHOLDERS: Record<FeedbackType, string> = {
  opinion: '请写明您的意见或建议',
  inquiry: '请写明您的疑问',
  objection: '请写明您不同意的内容和理由',
  report: '请写明哪些事项没有按时公开、没有公开或公开不实',
  joint_request: '请写明希望公开的事项；发起后其他村民可以联名',
};

/** 意见 / 质询 / 异议 / 反映 / 联名申请: the deadline is shown before sending; a retry never files twice. */
/** What the resident is told once the item is stored, with the server's own due date. */
function sentNotice(sent: FeedbackDto): string {
  if (sent.type === 'joint_request') return '联名申请已发起：请把办理进度页分享给本村村民联名。';
  if (!sent.dueDate) return '您的异议已登记。';
  const who = sent.type === 'report' ? '上级' : '村委会';
  return `${who}应在 ${chineseDate(sent.dueDate)} 前答复，届时未答复将自动提醒上级。`;
}

export default function Ask() {
  const { params } = useRouter();
  const orgId = params.orgId ?? '';
  const disclosureId = params.disclosureId || undefined;
  const session = useSession();
  const [type, setType] = useState<FeedbackType>((params.type as FeedbackType) ?? 'opinion');
  const [content, setContent] = useState('');
  const [photos, setPhotos] = useState<{ id: string; path: string }[]>([]);
  const [isPublic, setPublic] = useState(true);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<FeedbackDto | null>(null);
  // One key per thing the resident means to send: kept across retries, renewed when they edit.
  const [key, setKey] = useState(newIdempotencyKey);
  const org = useRemote(() => orgApi.get(orgId), [orgId]);
  // An objection is about a published item; a joint request asks for one that is not published.
  const types = TYPES.filter((t) => (disclosureId ? t !== 'joint_request' : t !== 'objection'));
  const edit =
    <T,>(setter: (v: T) => void) =>
    (v: T) => {
      setter(v);
      setKey(newIdempotencyKey());
    };

  const addPhotos = async () => {
    setError(null);
    try {
      const picked = await Taro.chooseImage({
        count: FEEDBACK_IMAGES_MAX - photos.length,
        sizeType: ['compressed'],
      });
      const uploaded = await attachmentApi.upload(orgId, picked.tempFilePaths, 'image');
      setPhotos((old) => [
        ...old,
        ...uploaded.map((u, i) => ({ id: u.id, path: picked.tempFilePaths[i] ?? '' })),
      ]);
      setKey(newIdempotencyKey());
    } catch (e) {
      setError(describeError(e));
    }
  };

  const send = async () => {
    setSending(true);
    setError(null);
    // Consent must be asked inside the tap, before anything asynchronous happens.
    await platform.requestSubscribe(SUBSCRIBE_TEMPLATES);
    try {
      const body = {
        orgId,
        disclosureId,
        type,
        content,
        images: photos.map((p) => p.id),
        showNamePublicly: false,
        public: isPublic,
      };
      setSent(await feedbackApi.submit(body, key));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSending(false);
    }
  };

  if (sent) {
    return (
      <PageShell>
        <Text className="page-title">已提交</Text>
        <Text className="notice">{sentNotice(sent)}</Text>
        <Button
          className="btn btn-primary"
          onClick={() => void Taro.redirectTo({ url: `${PAGES.feedback}?id=${sent.id}` })}
        >
          查看办理进度
        </Button>
      </PageShell>
    );
  }
  if (!session) {
    return (
      <PageShell>
        <Text className="notice">提交意见需要先登录，以便村委会答复您。</Text>
        <Button className="btn btn-primary" onClick={() => go(PAGES.login, { back: '1' })}>
          登录
        </Button>
      </PageShell>
    );
  }
  return (
    <PageShell>
      <Text className="page-title">{org.data ? `向${org.data.name}提出` : '提出意见'}</Text>
      <StatusView loading={org.loading} error={org.error} onRetry={() => void org.reload()} />
      <View className="tabs" role="radiogroup">
        {types.map((t) => (
          <View
            key={t}
            role="radio"
            className={`tab ${t === type ? 'active' : ''}`}
            onClick={() => edit(setType)(t)}
          >
            <Text>{FEEDBACK_TYPE_LABELS[t]}</Text>
          </View>
        ))}
      </View>
      <Textarea
        className="textarea"
        placeholder={PLACEHOLDERS[type]}
        value={content}
        maxlength={2000}
        onInput={(e) => edit(setContent)(e.detail.value)}
      />
      <View className="images">
        {photos.map((p) => (
          <Image key={p.id} className="thumb" src={p.path} mode="aspectFill" />
        ))}
        {photos.length < FEEDBACK_IMAGES_MAX ? (
          <View className="thumb add-photo" onClick={() => void addPhotos()}>
            <Text>+ 照片</Text>
          </View>
        ) : null}
      </View>
      <View className="row">
        <Text>公开答复（姓名会打码）</Text>
        <Switch checked={isPublic} onChange={(e) => edit(setPublic)(e.detail.value)} />
      </View>
      <Text className="notice due-preview">
        {duePreview(type, org.data as OrgFeedbackPolicies | undefined, new Date())}
      </Text>
      {error ? <Text className="error">{error}</Text> : null}
      <Button className="btn btn-primary" loading={sending} disabled={sending} onClick={() => void send()}>
        {error ? '重新提交' : '提交'}
      </Button>
    </PageShell>
  );
}
