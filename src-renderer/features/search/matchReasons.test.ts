import { describe, expect, it } from 'vitest';
import { describeReason, describeReasons, engineLabel } from './matchReasons.js';

describe('match reasons as shown', () => {
  it('says what matched, how sure, and through which word', () => {
    expect(describeReason({ kind: 'tag', query: 'puppy', label: 'dog', confidence: 0.874, via: 'synonym' })).toEqual({
      kind: 'tag',
      chip: 'dog 87%',
      full: 'Object “dog”, 87% sure (a synonym of “puppy”)',
    });
    expect(describeReason({ kind: 'text', query: 'paris', field: 'ocr', term: 'paris', via: 'exact' })).toEqual({
      kind: 'text',
      chip: 'Text: paris',
      full: '“paris” in text read in the photo',
    });
    expect(describeReason({ kind: 'text', query: 'anna', field: 'people', term: 'anna', via: 'exact' }).kind).toBe(
      'name',
    );
    expect(describeReason({ kind: 'clip', score: 0.3124 }).chip).toBe('CLIP 0.31');
  });

  it('shows a chip once even when two query words reach it', () => {
    const tag = { kind: 'tag', query: 'dog', label: 'dog', confidence: 0.9, via: 'exact' } as const;
    expect(describeReasons([tag, { ...tag, query: 'hound', via: 'synonym' }])).toHaveLength(1);
  });

  it('names the engine', () => {
    expect(engineLabel('offline')).toBe('offline');
    expect(engineLabel('offline+clip')).toBe('offline + CLIP');
  });
});
