import { parseCable } from './cable.parser';
import { syntheticCable, syntheticCableWithFacts } from './synthetic-cable';

const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);

describe(syntheticCable.name, () => {
  it('gives the same cable for the same seed and different cables for different seeds', () => {
    expect(syntheticCable(42)).toBe(syntheticCable(42));
    expect(syntheticCable(42)).not.toBe(syntheticCable(43));
  });

  it('varies layout, classification, captions, sections and outcome across seeds', () => {
    const facts = SEEDS.map((seed) => syntheticCableWithFacts(seed).facts);
    const seen = (pick: (f: (typeof facts)[number]) => unknown): Set<string> =>
      new Set(facts.map((f) => JSON.stringify(pick(f))));
    expect(seen((f) => f.layout)).toEqual(new Set(['"teletype"', '"export"']));
    expect(seen((f) => f.originalClassification).size).toBe(4);
    expect(seen((f) => f.dispositionAction)).toEqual(
      new Set(['null', '"RELEASED"', '"Released in Part"', '"Denied in Full"']),
    );
    expect(facts.some((f) => f.captions.length > 0)).toBe(true);
    expect(facts.some((f) => f.section !== null)).toBe(true);
    expect(facts.some((f) => f.portionClassifications.every((c) => c === null))).toBe(true);
    expect(facts.some((f) => new Set(f.portionClassifications).size > 1)).toBe(true);
    expect(seen((f) => f.documentNumber.replace(/^\d{4}([A-Z]+)\d+$/, '$1')).size).toBeGreaterThan(
      8,
    );
  });

  it('stays within the size of real cables', () => {
    const sizes = SEEDS.map((seed) => syntheticCable(seed).length);
    expect(Math.min(...sizes)).toBeGreaterThan(500);
    expect(Math.max(...sizes)).toBeLessThan(12 * 1024);
  });

  it('is read back by the parser as generated, without warnings', () => {
    for (const seed of SEEDS) {
      const { text, facts } = syntheticCableWithFacts(seed);
      const cable = parseCable(text);
      expect({
        seed,
        documentNumber: cable.documentNumber,
        originalClassification: cable.originalClassification,
        currentClassification: cable.currentClassification,
        captions: cable.captions,
        tags: cable.tags,
        subject: cable.subject,
        executiveOrder: cable.executiveOrder,
        sentAt: cable.sentAt,
        from: cable.from,
        to: cable.to,
        section: cable.section,
        portions: cable.portions.map((p) => p.classification),
        hasAttributeBlock: cable.hasAttributeBlock,
        dispositionAction: cable.dispositionAction,
        exemptions: cable.exemptions,
        warnings: cable.warnings,
      }).toEqual({
        seed,
        documentNumber: facts.documentNumber,
        originalClassification: facts.originalClassification,
        currentClassification: facts.currentClassification,
        captions: facts.captions,
        tags: facts.tags,
        subject: facts.subject,
        executiveOrder: facts.executiveOrder,
        sentAt: facts.sentAt,
        from: facts.from,
        to: facts.to,
        section: facts.section,
        portions: facts.portionClassifications,
        hasAttributeBlock: facts.hasAttributeBlock,
        dispositionAction: facts.dispositionAction,
        exemptions: facts.exemptions,
        warnings: [],
      });
    }
  });
});
