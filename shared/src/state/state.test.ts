import {
  DISCLOSURE_EVENTS,
  DISCLOSURE_STATES,
  DISCLOSURE_TRANSITIONS,
  disclosureEventsFor,
  disclosureTransition,
  FEEDBACK_EVENTS,
  FEEDBACK_STATES,
  FEEDBACK_TRANSITIONS,
  feedbackEventsFor,
  feedbackTransition,
  isFeedbackTerminal,
  isOverdue,
  TRANSITION_ACTORS,
  ZDisclosureState,
  ZFeedbackEvent,
  ZTransitionActor,
  type TransitionRule,
} from '@sanwu/shared';

// The expected moves, written out independently of the implementation's table:
// "from event to actor,actor [guard]".
const DISCLOSURE_EXPECTED = `
draft edit draft cadre
draft submit in_review cadre
in_review approve_quorum approved supervisor
in_review reject rejected supervisor
rejected redraft draft cadre
approved edit draft cadre
approved publish published cadre
published correct superseded cadre
published revoke revoked cadre
published expire expired system
expired archive archived system,inspector,admin
superseded archive archived system,inspector,admin
revoked archive archived system,inspector,admin
`;

const FEEDBACK_EXPECTED = `
submitted accept accepted cadre
submitted transfer transferred cadre
submitted reply answered cadre
submitted escalate escalated resident overdue
accepted transfer transferred cadre
accepted reply answered cadre
accepted escalate escalated resident overdue
transferred accept accepted cadre
transferred transfer transferred cadre
transferred reply answered cadre
transferred escalate escalated resident overdue
answered rate rated resident
answered escalate escalated resident
answered close closed cadre,system
rated escalate escalated resident
rated close closed cadre,system
escalated reply answered inspector
escalated transfer transferred inspector
escalated escalate escalated resident overdue
escalated close closed inspector
closed reopen accepted inspector
`;

interface Expected {
  to: string;
  actors: string[];
  guard?: string;
}

function parse(text: string): Map<string, Expected> {
  const map = new Map<string, Expected>();
  for (const line of text.trim().split('\n')) {
    const [from, event, to, actors, guard] = line.trim().split(/\s+/) as [
      string,
      string,
      string,
      string,
      string?,
    ];
    map.set(`${from} ${event}`, { to, actors: actors.split(','), ...(guard ? { guard } : {}) });
  }
  return map;
}

function asExpected(table: readonly TransitionRule<string, string>[]): Map<string, Expected> {
  return new Map(
    table.map((r) => [
      `${r.from} ${r.event}`,
      { to: r.to, actors: [...r.actors], ...(r.guard ? { guard: r.guard } : {}) },
    ]),
  );
}

const cross = <A, B, C>(as: readonly A[], bs: readonly B[], cs: readonly C[]): [A, B, C][] =>
  as.flatMap((a) => bs.flatMap((b) => cs.map((c): [A, B, C] => [a, b, c])));

describe('disclosure state machine', () => {
  const expected = parse(DISCLOSURE_EXPECTED);

  it('declares exactly the expected table, one rule per (state, event)', () => {
    expect(asExpected(DISCLOSURE_TRANSITIONS)).toEqual(expected);
    expect(DISCLOSURE_TRANSITIONS).toHaveLength(expected.size);
  });

  it.each(cross(DISCLOSURE_STATES, DISCLOSURE_EVENTS, TRANSITION_ACTORS))(
    '%s + %s by %s',
    (state, event, actor) => {
      const rule = expected.get(`${state} ${event}`);
      const result = disclosureTransition(state, event, actor);
      if (!rule) {
        expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', state, event, actor } });
      } else if (!rule.actors.includes(actor)) {
        expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', allowedActors: rule.actors } });
      } else {
        expect(result).toEqual(
          event === 'correct'
            ? { ok: true, state: rule.to, spawns: 'in_review' }
            : { ok: true, state: rule.to },
        );
      }
    },
  );

  it('archived is final', () => {
    for (const event of DISCLOSURE_EVENTS) {
      for (const actor of TRANSITION_ACTORS) {
        expect(disclosureTransition('archived', event, actor).ok).toBe(false);
      }
    }
  });

  it.each<[(typeof DISCLOSURE_STATES)[number], (typeof TRANSITION_ACTORS)[number], string[]]>([
    ['draft', 'cadre', ['edit', 'submit']],
    ['in_review', 'supervisor', ['approve_quorum', 'reject']],
    ['in_review', 'cadre', []],
    ['published', 'cadre', ['correct', 'revoke']],
    ['published', 'system', ['expire']],
    ['expired', 'admin', ['archive']],
  ])('%s: %s may %j', (state, actor, events) => {
    expect(disclosureEventsFor(state, actor)).toEqual(events);
  });

  it('a full happy path with a correction', () => {
    const steps = [
      ['submit', 'cadre'],
      ['reject', 'supervisor'],
      ['redraft', 'cadre'],
      ['edit', 'cadre'],
      ['submit', 'cadre'],
      ['approve_quorum', 'supervisor'],
      ['publish', 'cadre'],
      ['correct', 'cadre'],
      ['archive', 'system'],
    ] as const;
    let state: (typeof DISCLOSURE_STATES)[number] = 'draft';
    for (const [event, actor] of steps) {
      const r = disclosureTransition(state, event, actor);
      if (!r.ok) throw new Error(r.error.message);
      state = r.state;
    }
    expect(state).toBe('archived');
  });
});

describe('feedback state machine', () => {
  const expected = parse(FEEDBACK_EXPECTED);

  it('declares exactly the expected table, one rule per (state, event)', () => {
    expect(asExpected(FEEDBACK_TRANSITIONS)).toEqual(expected);
    expect(FEEDBACK_TRANSITIONS).toHaveLength(expected.size);
  });

  it.each(
    cross(FEEDBACK_STATES, FEEDBACK_EVENTS, TRANSITION_ACTORS).flatMap(([s, e, a]) => [
      [s, e, a, false] as const,
      [s, e, a, true] as const,
    ]),
  )('%s + %s by %s (overdue %s)', (state, event, actor, overdue) => {
    const rule = expected.get(`${state} ${event}`);
    const result = feedbackTransition(state, event, actor, { overdue });
    if (!rule) {
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', state, event, actor } });
    } else if (!rule.actors.includes(actor)) {
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', allowedActors: rule.actors } });
    } else if (rule.guard === 'overdue' && !overdue) {
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', guard: 'overdue' } });
    } else {
      expect(result).toEqual({ ok: true, state: rule.to });
    }
  });

  it('without context, escalating an unanswered item is refused', () => {
    expect(feedbackTransition('submitted', 'escalate', 'resident')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', guard: 'overdue' },
    });
    expect(feedbackTransition('answered', 'escalate', 'resident')).toEqual({ ok: true, state: 'escalated' });
  });

  it.each<[(typeof FEEDBACK_STATES)[number], (typeof TRANSITION_ACTORS)[number], boolean, string[]]>([
    ['submitted', 'cadre', false, ['accept', 'transfer', 'reply']],
    ['submitted', 'resident', false, []],
    ['submitted', 'resident', true, ['escalate']],
    ['answered', 'resident', false, ['rate', 'escalate']],
    ['escalated', 'inspector', false, ['reply', 'transfer', 'close']],
    ['closed', 'inspector', false, ['reopen']],
  ])('%s: %s (overdue %s) may %j', (state, actor, overdue, events) => {
    expect(feedbackEventsFor(state, actor, { overdue })).toEqual(events);
  });

  it('only closed is terminal', () => {
    expect(FEEDBACK_STATES.filter(isFeedbackTerminal)).toEqual(['closed']);
  });
});

describe('isOverdue (derived, never stored)', () => {
  const dueAt = new Date('2026-01-20T23:59:59.999+08:00');
  it.each<[(typeof FEEDBACK_STATES)[number], Date | null | undefined, string, boolean]>([
    ['submitted', dueAt, '2026-01-20T23:59:59.999+08:00', false], // the last millisecond is still on time
    ['submitted', dueAt, '2026-01-21T00:00:00.000+08:00', true],
    ['accepted', dueAt, '2026-02-01T00:00:00+08:00', true],
    ['transferred', dueAt, '2026-02-01T00:00:00+08:00', true],
    ['escalated', dueAt, '2026-02-01T00:00:00+08:00', true],
    ['answered', dueAt, '2026-02-01T00:00:00+08:00', false],
    ['rated', dueAt, '2026-02-01T00:00:00+08:00', false],
    ['closed', dueAt, '2026-02-01T00:00:00+08:00', false],
    ['submitted', null, '2026-02-01T00:00:00+08:00', false],
    ['submitted', undefined, '2026-02-01T00:00:00+08:00', false],
  ])('%s due %s at %s → %s', (state, due, now, expected) => {
    expect(isOverdue({ state, dueAt: due }, new Date(now))).toBe(expected);
  });
});

describe('zod enums', () => {
  it('accept the declared values and nothing else', () => {
    expect(ZDisclosureState.options).toEqual([...DISCLOSURE_STATES]);
    expect(ZFeedbackEvent.options).toEqual([...FEEDBACK_EVENTS]);
    expect(ZTransitionActor.safeParse('system').success).toBe(true);
    expect(ZTransitionActor.safeParse('mayor').success).toBe(false);
  });
});
