// A full disclosure as `GET /disclosures/:id` answers it, for page tests.
import type { DisclosureDto, DisclosureState } from '@sanwu/shared';
import { summary } from './fixtures';

export function disclosure(state: DisclosureState, over: Partial<DisclosureDto> = {}): DisclosureDto {
  const base = summary({
    state,
    title: '东山村2026年下半年工作计划',
    domain: 'village',
    catalogueCode: 'village-plans',
  });
  return {
    ...base,
    current: {
      no: 1,
      kind: 'original',
      state,
      reason: null,
      content: {
        title: base.title,
        blocks: [{ type: 'paragraph', text: '修缮灌溉水渠。' }],
        attachments: [],
        finance: null,
      },
      masked: false,
      signatures: [],
      requiredSignatures: 3,
      approvals: 0,
      submittedAt: null,
      publishedAt: null,
      contentHash: null,
      previousHash: null,
      revokedAt: null,
      revokeReason: null,
      redactions: [],
    },
    versions: [],
    chain: [],
    chainValid: true,
    objections: null,
    postingProofs: [],
    pendingRedactions: [],
    financeTotals: null,
    ...over,
  };
}
