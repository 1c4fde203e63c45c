// Finds user-visible text written straight into JSX instead of through t(): text between tags and the
// text attributes people read or hear (aria-label, title, placeholder, label, alt).
// A tag ends in a name, a quoted or braced attribute value: so `=>` and `a > b` are not tag ends.
const TEXT_BETWEEN_TAGS = /(?<=[\w"'}]>)[^<>{}\n]*\p{L}{2}[^<>{}\n]*(?=<)/gu;
const TEXT_ATTRIBUTE = /\b(?:aria-label|title|placeholder|label|alt)="([^"]*\p{L}{2}[^"]*)"/gu;

export function literalText(source: string): string[] {
  // Comments and generic type arguments (`Promise<string | undefined>`) look like text or tags: drop them.
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/\b[A-Z]\w*<[\w\s|[\],.]*>/g, '');
  return [...code.matchAll(TEXT_BETWEEN_TAGS), ...code.matchAll(TEXT_ATTRIBUTE)]
    .map((m) => (m[1] ?? m[0]).trim())
    .filter((text) => text.length > 0);
}
