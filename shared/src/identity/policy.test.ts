import { ACTIONS, can, checkGrantApproval, grantNeedsApproval, scopesFor, type Action } from './policy';
import { ROLES, type Role } from './roles';

const county = 'a00000000000000000000000';
const township = 'b00000000000000000000000';
const village = 'c00000000000000000000001';
const sibling = 'c00000000000000000000002';
const group = 'd00000000000000000000000';

/** Where the target sits relative to a grant held over `village`. */
const PLACES = {
  'the org itself': [county, township, village],
  'a descendant': [county, township, village, group],
  'a sibling org': [county, township, sibling],
  'the parent org': [county, township],
} as const;
type Place = keyof typeof PLACES;
const INSIDE: readonly Place[] = ['the org itself', 'a descendant'];

/**
 * The expected matrix, written independently of ACTIONS: the roles (by initial:
 * Resident, Cadre, Supervisor, Inspector, Admin) allowed over their subtree, '*'
 * for any signed-in account, 'G' for a global action.
 */
const MATRIX: Record<Action, string> = {
  'org.read': 'RCSIA',
  'org.manage': 'A',
  'user.manage': 'A',
  'calendar.manage': 'A G',
  'registry.read': 'CIA',
  'registry.write': 'CA',
  'verification.request': '*',
  'verification.decide': 'C',
  'audit.read': 'IA',
  'grant.propose': 'A',
  'grant.approve': 'A',
  'disclosure.read-draft': 'CSI',
  'disclosure.draft': 'C',
  'disclosure.review': 'S',
  'disclosure.publish': 'C',
  'disclosure.withhold': 'C',
  'withheld.read': 'SI',
  'disclosure.read-personal': 'CSI',
  'feedback.submit': '*',
  'feedback.object': 'R',
  'feedback.read': 'CSI',
  'feedback.answer': 'C',
  'feedback.transfer': 'CI',
  'feedback.rate': '',
  'feedback.inbox': 'CI',
  'feedback.assist': 'C',
  'feedback.escalate': '',
  'feedback.handle-escalated': 'I',
  'notification.failures': 'A G',
  'attachment.upload': '*',
  'attachment.read': 'CSI',
  'supervision.read': 'SI',
  'supervision.notice': 'I',
  'notice.read': 'CSI',
  'notice.respond': 'C',
  'archive.close': 'IA',
  'archive.read': 'CSIA',
  'archive.request-change': 'CI',
  'archive.decide-change': 'I',
};
const INITIAL: Record<Role, string> = {
  resident: 'R',
  cadre: 'C',
  supervisor: 'S',
  inspector: 'I',
  admin: 'A',
};

function expected(role: Role, action: Action, place: Place): boolean {
  const spec = MATRIX[action];
  if (spec.includes('*')) return true;
  if (!spec.includes(INITIAL[role])) return false;
  return spec.includes('G') || INSIDE.includes(place);
}

const cases = ROLES.flatMap((role) =>
  (Object.keys(ACTIONS) as Action[]).flatMap((action) =>
    (Object.keys(PLACES) as Place[]).map((place) => ({
      role,
      action,
      place,
      allowed: expected(role, action, place),
    })),
  ),
);

describe('can', () => {
  it('has an expected row for every action in the table', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  it.each(cases)(
    'a $role over a village on $place: $action → $allowed',
    ({ role, action, place, allowed }) => {
      const actor = { userId: 'u1', grants: [{ role, orgId: village }] };
      expect(can(actor, action, { orgPath: PLACES[place] })).toBe(allowed);
    },
  );

  it('denies everything to nobody', () => {
    expect(can(null, 'org.read', { orgPath: [county] })).toBe(false);
    expect(can({ userId: '', grants: [] }, 'feedback.submit', { orgPath: [county] })).toBe(false);
  });

  it('lets a signed-in account without any grant submit feedback, upload attachments and ask to be verified, and nothing else', () => {
    const nobody = { userId: 'u2', grants: [] };
    const allowed = (Object.keys(ACTIONS) as Action[]).filter((a) => can(nobody, a, { orgPath: [county] }));
    expect(allowed.sort()).toEqual(['attachment.upload', 'feedback.submit', 'verification.request']);
  });

  it.each([
    ['feedback.read', 'u1', true],
    ['feedback.read', 'u9', false],
    ['feedback.rate', 'u1', true],
    ['feedback.rate', 'u9', false],
    ['feedback.answer', 'u1', false],
  ] as const)('the owner rule: %s on an item owned by %s → %s', (action, ownerId, allowed) => {
    const resident = { userId: 'u1', grants: [] };
    expect(can(resident, action, { orgPath: [county, township, village], ownerId })).toBe(allowed);
  });

  it('combines grants: a cadre of one village and supervisor of another', () => {
    const actor = {
      userId: 'u1',
      grants: [
        { role: 'cadre' as const, orgId: village },
        { role: 'supervisor' as const, orgId: sibling },
      ],
    };
    expect(can(actor, 'disclosure.draft', { orgPath: PLACES['the org itself'] })).toBe(true);
    expect(can(actor, 'disclosure.review', { orgPath: PLACES['the org itself'] })).toBe(false);
    expect(can(actor, 'disclosure.review', { orgPath: PLACES['a sibling org'] })).toBe(true);
    expect(can(actor, 'disclosure.draft', { orgPath: PLACES['a sibling org'] })).toBe(false);
  });

  it('an inspector at the township sees every village below it', () => {
    const actor = { userId: 'u1', grants: [{ role: 'inspector' as const, orgId: township }] };
    expect(can(actor, 'supervision.read', { orgPath: PLACES['the org itself'] })).toBe(true);
    expect(can(actor, 'supervision.read', { orgPath: PLACES['a sibling org'] })).toBe(true);
    expect(can(actor, 'supervision.read', { orgPath: [county] })).toBe(false);
  });
});

describe('scopesFor', () => {
  it('lists the orgs whose subtree the actor reaches for an action', () => {
    const actor = {
      userId: 'u1',
      grants: [
        { role: 'cadre' as const, orgId: village },
        { role: 'inspector' as const, orgId: township },
        { role: 'cadre' as const, orgId: village },
      ],
    };
    expect(scopesFor(actor, 'feedback.answer')).toEqual([village]);
    expect(scopesFor(actor, 'feedback.transfer').sort()).toEqual([township, village].sort());
  });
});

describe('the two-person rule', () => {
  it.each([
    ['resident', false],
    ['cadre', false],
    ['supervisor', false],
    ['inspector', true],
    ['admin', true],
  ] as const)('granting %s needs a second admin: %s', (role, needs) => {
    expect(grantNeedsApproval(role)).toBe(needs);
  });

  const proposal = { proposedBy: 'admin1', orgPath: [county, township] };
  it.each([
    [
      'the proposing admin',
      { userId: 'admin1', grants: [{ role: 'admin' as const, orgId: county }] },
      'own-proposal',
    ],
    ['a second admin', { userId: 'admin2', grants: [{ role: 'admin' as const, orgId: county }] }, null],
    [
      'an admin of a sibling subtree',
      { userId: 'admin3', grants: [{ role: 'admin' as const, orgId: sibling }] },
      'not-admin',
    ],
    [
      'an inspector',
      { userId: 'insp', grants: [{ role: 'inspector' as const, orgId: county }] },
      'not-admin',
    ],
  ] as const)('approval by %s → %s', (_who, approver, refusal) => {
    expect(checkGrantApproval(approver, proposal)).toBe(refusal);
  });
});
