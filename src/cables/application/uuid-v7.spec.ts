import { uuidV7 } from './uuid-v7';

describe(uuidV7.name, () => {
  it('is a version 7 UUID carrying the time, so ids made later sort later', () => {
    const a = uuidV7(Date.UTC(2026, 0, 1));
    const b = uuidV7(Date.UTC(2026, 0, 1, 0, 0, 1));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13)).toBe('019b76da-a800');
    expect(a < b).toBe(true);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidV7(0)));
    expect(ids.size).toBe(10_000);
  });
});
