import { Button, Image, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  CATALOGUES,
  shanghaiDate,
  type CatalogueItem,
  type CreateDisclosure,
  type DisclosureDto,
} from '@sanwu/shared';
import { useState } from 'react';
import { PAGES } from '../../components/nav';
import { PageShell } from '../../components/page-shell';
import { RequireRole } from '../../components/require-role';
import { StatusView } from '../../components/status-view';
import { useRemote } from '../../components/use-remote';
import { attachmentApi, disclosureApi } from '../../services/api';
import { describeError } from '../../services/api-error';
import { attachmentUrl, DOMAIN_LABELS } from '../../services/disclosure.types';
import { defaultPeriod, draftBody, formFrom, type DraftForm } from '../../services/draft-form';

const CATEGORIES: readonly CatalogueItem[] = [...CATALOGUES.village, ...CATALOGUES.party];

function newForm(): DraftForm {
  const first = CATEGORIES[0];
  return {
    catalogueCode: first?.code ?? '',
    title: '',
    text: '',
    period: defaultPeriod(first, new Date()),
    settledOn: shanghaiDate(new Date()),
    noticeDays: null,
    attachments: [],
  };
}

function Editor({
  orgId,
  existing,
  correcting,
}: {
  orgId: string;
  existing?: DisclosureDto;
  correcting: boolean;
}) {
  const [form, setForm] = useState<DraftForm>(() => (existing ? formFrom(existing) : newForm()));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof DraftForm>(key: K, value: DraftForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const index = Math.max(
    0,
    CATEGORIES.findIndex((c) => c.code === form.catalogueCode),
  );
  const item = CATEGORIES[index];
  const scheduled = item !== undefined && item.cadence !== 'onEvent';
  const keep = existing?.current.content.blocks ?? [];

  const addPhotos = async () => {
    setError(null);
    try {
      const picked = await Taro.chooseImage({ count: 9, sizeType: ['compressed'] });
      const uploaded = await attachmentApi.upload(orgId, picked.tempFilePaths);
      set('attachments', [
        ...form.attachments,
        ...uploaded.map((u, i) => ({ id: u.id, name: `照片${form.attachments.length + i + 1}.jpg` })),
      ]);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = draftBody(
        { ...form, period: scheduled ? form.period : '', settledOn: scheduled ? '' : form.settledOn },
        keep,
      );
      const saved =
        correcting && existing
          ? await disclosureApi.correct(existing.id, {
              reason,
              title: body.title,
              blocks: body.blocks,
              attachments: body.attachments,
            })
          : existing
            ? await disclosureApi.update(existing.id, body)
            : await disclosureApi.create(orgId, {
                ...body,
                catalogueCode: form.catalogueCode,
              } as CreateDisclosure);
      void Taro.redirectTo({ url: `${PAGES.cadreManage}?id=${saved.id}` });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <Text className="page-title">
        {correcting ? '更正公开事项（生成新版本并重新审核）' : existing ? '修改草稿' : '起草公开事项'}
      </Text>
      {existing ? (
        <Text className="kv">类别：{existing.categoryName}</Text>
      ) : (
        <Picker
          mode="selector"
          range={CATEGORIES.map((c) => `${DOMAIN_LABELS[c.domain]}｜${c.name}`)}
          value={index}
          onChange={(e) => {
            const next = CATEGORIES[Number(e.detail.value)];
            if (next)
              setForm((f) => ({
                ...f,
                catalogueCode: next.code,
                period: defaultPeriod(next, new Date()),
                noticeDays: next.publicNotice ? 7 : f.noticeDays,
              }));
          }}
        >
          <View className="picker">
            <Text>类别：{item?.name}（点击选择）</Text>
          </View>
        </Picker>
      )}
      {correcting ? null : scheduled ? (
        <Input
          className="input"
          placeholder="公开期间，如 2026-03、2026-Q1、2026-H1"
          value={form.period}
          onInput={(e) => set('period', e.detail.value)}
        />
      ) : (
        <Input
          className="input"
          placeholder="事项确定日期 YYYY-MM-DD"
          value={form.settledOn}
          onInput={(e) => set('settledOn', e.detail.value)}
        />
      )}
      <Input
        className="input"
        placeholder="标题"
        value={form.title}
        onInput={(e) => set('title', e.detail.value)}
      />
      <Textarea
        className="textarea tall"
        placeholder="正文（每段一行）"
        maxlength={20000}
        value={form.text}
        onInput={(e) => set('text', e.detail.value)}
      />
      {correcting ? null : (
        <View className="row">
          <Text>作为公示（公示期 {form.noticeDays ?? 7} 天，群众可提出异议）</Text>
          <Switch
            checked={form.noticeDays !== null}
            onChange={(e) => set('noticeDays', e.detail.value ? 7 : null)}
          />
        </View>
      )}
      <View className="images">
        {form.attachments.map((a) => (
          <Image key={a.id} className="thumb" src={attachmentUrl(a, true)} mode="aspectFill" />
        ))}
        <View className="thumb add-photo" onClick={() => void addPhotos()}>
          <Text>+ 照片</Text>
        </View>
      </View>
      {correcting ? (
        <Textarea
          className="textarea small"
          placeholder="更正理由（将随新版本公开）"
          value={reason}
          onInput={(e) => setReason(e.detail.value)}
        />
      ) : null}
      {error ? <Text className="error">{error}</Text> : null}
      <Button className="btn btn-primary" loading={busy} disabled={busy} onClick={() => void save()}>
        {correcting ? '提交更正' : '保存草稿'}
      </Button>
    </PageShell>
  );
}

function Load({ id, correcting }: { id: string; correcting: boolean }) {
  const remote = useRemote(() => disclosureApi.get(id), [id]);
  if (!remote.data) {
    return (
      <PageShell>
        <StatusView loading={remote.loading} error={remote.error} onRetry={() => void remote.reload()} />
      </PageShell>
    );
  }
  return <Editor orgId={remote.data.orgId} existing={remote.data} correcting={correcting} />;
}

/** Draft a disclosure (text and photos from the phone), edit a draft, or correct a published one. */
export default function CadreEdit() {
  const { params } = useRouter();
  return (
    <RequireRole roles={['cadre']}>
      {(scopes) =>
        params.id ? (
          <Load id={params.id} correcting={params.mode === 'correct'} />
        ) : (
          <Editor orgId={params.orgId || (scopes[0]?.orgId ?? '')} correcting={false} />
        )
      }
    </RequireRole>
  );
}
