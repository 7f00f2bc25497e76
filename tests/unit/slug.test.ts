import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN } from '../../src/common/domain';
import { slugify } from '../../src/common/slug';

describe('slugify', () => {
  it('folds accents and punctuation into single hyphens', () => {
    expect(slugify('Diplomacy Watch: Energy-grid truce talks stall')).toBe(
      'diplomacy-watch-energy-grid-truce-talks-stall',
    );
    expect(slugify('Zoë O’Connor-Ng on “Straße” & Ærø')).toBe('zoe-o-connor-ng-on-strasse-aero');
  });

  it('gives an empty slug for a headline with no Latin letters, and always a valid one otherwise', () => {
    expect(slugify('中文 标题')).toBe('');
    for (const headline of ['Edge cases: *stars*, _underscores_, #hashes & <tags>', '  --  ', 'a'.repeat(400)]) {
      const slug = slugify(headline);
      expect(slug === '' || SLUG_PATTERN.test(slug)).toBe(true);
      expect(slug.length).toBeLessThanOrEqual(200);
    }
  });
});
