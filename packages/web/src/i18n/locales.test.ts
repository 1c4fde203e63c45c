// "No untranslated strings" (issue #5 point 4): every namespace of every language has exactly the keys
// of English, no empty values, and the same {{placeholders}} in each string.
import { describe, expect, it } from 'vitest';

const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', {
  eager: true,
  import: 'default',
});

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      for (const [fk, fv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(fk, fv);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** i18next plural forms (`key_one`, `key_other`…) follow each language's CLDR categories, so they are
 * compared by their base key; each language must use only its own categories and always `other`. */
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string) => key.replace(PLURAL, '');

function pluralProblems(language: string, keys: Iterable<string>): string[] {
  const allowed = new Set<string>(new Intl.PluralRules(language).resolvedOptions().pluralCategories);
  const byBase = new Map<string, string[]>();
  for (const key of keys) {
    const m = PLURAL.exec(key);
    if (m) byBase.set(baseKey(key), [...(byBase.get(baseKey(key)) ?? []), m[1]!]);
  }
  const problems: string[] = [];
  for (const [base, categories] of byBase) {
    if (!categories.includes('other')) problems.push(`${base} has no _other form`);
    for (const c of categories)
      if (!allowed.has(c)) problems.push(`${base}_${c} is not a ${language} plural form`);
  }
  return problems;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

const byLanguage = new Map<string, Map<string, Map<string, unknown>>>();
for (const [path, json] of Object.entries(files)) {
  const [, language, namespace] = /^\.\/locales\/([^/]+)\/(.+)\.json$/.exec(path)!;
  const namespaces = byLanguage.get(language!) ?? new Map<string, Map<string, unknown>>();
  namespaces.set(namespace!, flatten(json));
  byLanguage.set(language!, namespaces);
}
const english = byLanguage.get('en')!;
const others = [...byLanguage.keys()].filter((l) => l !== 'en');

describe('locales', () => {
  it('has English and Spanish for the common namespace', () => {
    expect(english.has('common')).toBe(true);
    expect(others).toContain('es');
  });

  for (const language of others) {
    it(`${language} has exactly the namespaces of English`, () => {
      expect([...byLanguage.get(language)!.keys()].sort()).toEqual([...english.keys()].sort());
    });

    for (const [namespace, keys] of english) {
      it(`${language}/${namespace} has every English key, no others, none empty, same placeholders`, () => {
        const translated = byLanguage.get(language)?.get(namespace) ?? new Map<string, unknown>();
        const bases = (m: Map<string, unknown>) => [...new Set([...m.keys()].map(baseKey))].sort();
        expect(bases(translated)).toEqual(bases(keys));
        expect(pluralProblems(language, translated.keys())).toEqual([]);
        for (const [key, value] of translated) {
          expect(
            typeof value === 'string' && value.trim() !== '',
            `${language}/${namespace}:${key} is empty`,
          ).toBe(true);
          // A plural form may spell its number out ("un resultado"), so {{count}} is optional there.
          const reference = (keys.get(key) ?? keys.get(`${baseKey(key)}_other`)) as string;
          const drop = (list: (string | undefined)[]) =>
            PLURAL.test(key) ? list.filter((p) => p !== 'count') : list;
          expect(drop(placeholders(value as string)), `${language}/${namespace}:${key} placeholders`).toEqual(
            drop(placeholders(reference)),
          );
        }
      });
    }
  }

  for (const [namespace, keys] of english) {
    it(`en/${namespace} has no empty strings`, () => {
      expect(pluralProblems('en', keys.keys())).toEqual([]);
      for (const [key, value] of keys)
        expect(typeof value === 'string' && value.trim() !== '', `en/${namespace}:${key} is empty`).toBe(
          true,
        );
    });
  }
});
