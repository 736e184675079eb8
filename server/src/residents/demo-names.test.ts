import { demoRegistry } from './demo-names';

describe('demo registry', () => {
  const rows = demoRegistry({
    seed: 7,
    people: 300,
    representatives: 25,
    mainSurnames: '王李',
    householdPrefix: 'DS',
  });

  it('is deterministic', () => {
    expect(
      demoRegistry({
        seed: 7,
        people: 300,
        representatives: 25,
        mainSurnames: '王李',
        householdPrefix: 'DS',
      }),
    ).toEqual(rows);
  });

  it('has the requested size, representatives and realistic names', () => {
    expect(rows).toHaveLength(300);
    expect(rows.filter((r) => r.isRepresentative)).toHaveLength(25);
    expect(rows.every((r) => /^[\u4e00-\u9fff]{2,3}$/.test(r.name) && /^\d{3}[\dX]$/.test(r.idLast4))).toBe(
      true,
    );
    expect(new Set(rows.map((r) => r.household)).size).toBeGreaterThan(60);
    const wangLi = rows.filter((r) => /^[王李]/.test(r.name)).length;
    expect(wangLi / rows.length).toBeGreaterThan(0.5);
    expect(new Set(rows.map((r) => r.name + r.idLast4)).size).toBe(300);
  });
});
