// Search value escaping (FHIR R4 search.html#escaping): `\,` `\$` `\|` `\\` stand for the literal
// character. Values are split in stages (`,` then `$` then `|`), so splitting keeps escapes and only
// the leaf values are unescaped.

/** Splits on `sep` where it is not escaped; escapes stay in the parts. */
export function splitUnescaped(value: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + value[i + 1]!;
      i++;
    } else if (ch === sep) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** The literal value of a leaf: `\x` becomes `x`. */
export function unescapeValue(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}
