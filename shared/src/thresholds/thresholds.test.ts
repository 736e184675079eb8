import {
  jointRequestProgress,
  jointRequestReached,
  jointRequestRepresentativeSignaturesNeeded,
  jointRequestVillagerSignaturesNeeded,
  objectionReached,
  objectionsNeeded,
  objectionsStillNeeded,
} from '@sanwu/shared';

describe('objection threshold (count × 2 ≥ registered villagers)', () => {
  it.each<[number, number | null | undefined, boolean]>([
    [50, 100, true], // exactly half: 半数以上 includes the number itself
    [49, 100, false], // one below
    [51, 101, true], // odd base: ⌈101/2⌉ = 51
    [50, 101, false],
    [1, 1, true],
    [0, 1, false],
    [1, 2, true],
    [100, 100, true],
    [0, 0, false], // zero base never reached
    [5, 0, false],
    [5, null, false],
    [5, undefined, false],
    [5, -10, false],
    [5, 10.5, false],
    [5, Number.NaN, false],
    [-5, 10, false],
    [Number.NaN, 10, false],
  ])('%p of %p → %p', (count, base, expected) => {
    expect(objectionReached(count, base)).toBe(expected);
  });

  it.each<[number | null | undefined, number | null]>([
    [100, 50],
    [101, 51],
    [1, 1],
    [0, null],
    [null, null],
    [undefined, null],
  ])('objectionsNeeded(%p) → %p', (base, needed) => {
    expect(objectionsNeeded(base)).toBe(needed);
  });

  it('objectionsNeeded is exactly the boundary of objectionReached', () => {
    for (let base = 1; base <= 200; base += 1) {
      const needed = objectionsNeeded(base) as number;
      expect(objectionReached(needed, base)).toBe(true);
      expect(objectionReached(needed - 1, base)).toBe(false);
    }
  });

  it.each<[number, number | null, number | null]>([
    [30, 101, 21],
    [51, 101, 0],
    [80, 101, 0],
    [3, null, null],
  ])('objectionsStillNeeded(%p, %p) → %p', (count, base, left) => {
    expect(objectionsStillNeeded(count, base)).toBe(left);
  });
});

describe('joint request threshold (×10 ≥ villagers or ×3 ≥ representatives)', () => {
  it.each<[string, Parameters<typeof jointRequestReached>[0], boolean]>([
    ['exactly a tenth of villagers', { villagers: 1000, villagerSignatures: 100 }, true],
    ['one below a tenth', { villagers: 1000, villagerSignatures: 99 }, false],
    ['a tenth of an odd base, rounded up', { villagers: 1001, villagerSignatures: 101 }, true],
    ['just under a tenth of an odd base', { villagers: 1001, villagerSignatures: 100 }, false],
    ['exactly a third of representatives', { representatives: 30, representativeSignatures: 10 }, true],
    ['one below a third', { representatives: 30, representativeSignatures: 9 }, false],
    ['a third of 31, rounded up', { representatives: 31, representativeSignatures: 11 }, true],
    ['just under a third of 31', { representatives: 31, representativeSignatures: 10 }, false],
    [
      'either route suffices',
      { villagers: 1000, villagerSignatures: 5, representatives: 30, representativeSignatures: 10 },
      true,
    ],
    [
      'neither route',
      { villagers: 1000, villagerSignatures: 99, representatives: 30, representativeSignatures: 9 },
      false,
    ],
    ['zero villagers never counts', { villagers: 0, villagerSignatures: 0 }, false],
    ['zero representatives never counts', { representatives: 0, representativeSignatures: 3 }, false],
    ['missing bases never count', { villagerSignatures: 100, representativeSignatures: 10 }, false],
    ['null bases never count', { villagers: null, villagerSignatures: 100 }, false],
    ['missing signatures', { villagers: 10 }, false],
    ['nothing at all', {}, false],
  ])('%s', (_name, counts, expected) => {
    expect(jointRequestReached(counts)).toBe(expected);
  });

  it.each<[number | null, number | null, number | null]>([
    [1000, 100, 334],
    [1001, 101, 334],
    [0, null, null],
    [null, null, null],
  ])('signatures needed for base %p: villagers %p, representatives %p', (base, v, r) => {
    expect(jointRequestVillagerSignaturesNeeded(base)).toBe(v);
    expect(jointRequestRepresentativeSignaturesNeeded(base)).toBe(r);
  });

  it('needed counts are exactly the boundary of jointRequestReached', () => {
    for (let base = 1; base <= 200; base += 1) {
      const v = jointRequestVillagerSignaturesNeeded(base) as number;
      const r = jointRequestRepresentativeSignaturesNeeded(base) as number;
      expect(jointRequestReached({ villagers: base, villagerSignatures: v })).toBe(true);
      expect(jointRequestReached({ villagers: base, villagerSignatures: v - 1 })).toBe(false);
      expect(jointRequestReached({ representatives: base, representativeSignatures: r })).toBe(true);
      expect(jointRequestReached({ representatives: base, representativeSignatures: r - 1 })).toBe(false);
    }
  });

  it('reports progress per route', () => {
    expect(
      jointRequestProgress({
        villagers: 1000,
        villagerSignatures: 88,
        representatives: 30,
        representativeSignatures: 10,
      }),
    ).toEqual({ reached: true, villagerSignaturesStillNeeded: 12, representativeSignaturesStillNeeded: 0 });
    expect(jointRequestProgress({ villagers: 1000, villagerSignatures: 88 })).toEqual({
      reached: false,
      villagerSignaturesStillNeeded: 12,
      representativeSignaturesStillNeeded: null,
    });
  });
});
