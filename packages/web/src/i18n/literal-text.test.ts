// "Every string externalised" (issue #5 point 4): no .tsx file of the app writes visible text itself.
import { describe, expect, it } from 'vitest';
import { literalText } from './literal-text.ts';

const sources = import.meta.glob<string>('../**/*.tsx', { eager: true, query: '?raw', import: 'default' });

describe('visible text goes through i18next', () => {
  it('finds text between tags and in read-aloud attributes, and nothing in code', () => {
    expect(literalText('<Button>Save</Button>')).toEqual(['Save']);
    expect(literalText('<Input label="Systolic" aria-label={t("x")} />')).toEqual(['Systolic']);
    expect(literalText('<img alt="Chart of weight" />')).toEqual(['Chart of weight']);
    expect(literalText('<Text>{t("save")}</Text> <b>{n}</b> <span> – </span>')).toEqual([]);
    expect(literalText('const f: Promise<string | undefined> = g(a > b ? x : y);')).toEqual([]);
    expect(
      literalText('/** Focus the <h1> (or <main>). */ // a <b>c</b>\n<a href="https://x.org/a">{t("x")}</a>'),
    ).toEqual([]);
  });

  it.each(Object.keys(sources))('%s has no literal text', (file) => {
    expect(literalText(sources[file]!)).toEqual([]);
  });
});
