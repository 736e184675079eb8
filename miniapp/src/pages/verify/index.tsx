import { Button, Input, Text } from '@tarojs/components';
import type { VerificationDto } from '@sanwu/shared';
import { useState } from 'react';
import { PageShell } from '../../components/page-shell';
import { orgApi } from '../../services/api';
import { describeError } from '../../services/api-error';
import { useVillage } from '../../services/village';

/** A resident asks to be matched to the village registry, so their objections and signatures count. */
export default function Verify() {
  const village = useVillage();
  const [name, setName] = useState('');
  const [idLast4, setIdLast4] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<VerificationDto | null>(null);
  if (!village)
    return (
      <PageShell>
        <Text className="notice">请先选择您所在的村（社区）。</Text>
      </PageShell>
    );
  if (result) {
    return (
      <PageShell>
        <Text className="page-title">
          {result.status === 'approved' ? '认证成功' : '已提交，等待村委会核对'}
        </Text>
        <Text className="notice">认证后，您的异议和联名会计入本村人数。</Text>
      </PageShell>
    );
  }
  const send = async () => {
    setError(null);
    try {
      setResult(
        await orgApi.requestVerification(village.id, {
          name,
          idLast4: idLast4.trim() || undefined,
          phone: phone.trim() || undefined,
        }),
      );
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <PageShell>
      <Text className="page-title">{village.name} 村民认证</Text>
      <Text className="notice">填写与村民名册一致的姓名，以及身份证后四位或手机号（二选一）。</Text>
      <Input className="input" placeholder="姓名" value={name} onInput={(e) => setName(e.detail.value)} />
      <Input
        className="input"
        placeholder="身份证后四位"
        maxlength={4}
        value={idLast4}
        onInput={(e) => setIdLast4(e.detail.value)}
      />
      <Input
        className="input"
        placeholder="或：手机号"
        type="number"
        value={phone}
        onInput={(e) => setPhone(e.detail.value)}
      />
      {error ? <Text className="error">{error}</Text> : null}
      <Button className="btn btn-primary" onClick={() => void send()}>
        提交认证
      </Button>
    </PageShell>
  );
}
