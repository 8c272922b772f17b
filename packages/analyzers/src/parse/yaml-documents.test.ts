import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseYamlDocuments, parseYamlValue } from './yaml-documents';

interface ErrorLike {
  message: string;
  code: string;
  pos: [number, number];
  linePos?: unknown;
}
const errorsOf = (docs: readonly { errors: ErrorLike[] }[], pick: (e: ErrorLike) => unknown) =>
  docs.flatMap((doc) => doc.errors.map((e) => pick(e)));

describe('parseYamlDocuments', () => {
  it('reports a duplicate key as yaml does, at the same place and with the same first line', () => {
    for (const text of [
      'a: 1\nb:\n  x: 1\n  x: 2\n',
      '{a: 1, a: 2}',
      '---\nk: v\n---\n- {p: 1, q: 2, p: 3}\n',
      'a: 1\n1: x\n"1": y\n',
    ]) {
      const pick = (e: ErrorLike) => ({
        code: e.code,
        pos: e.pos,
        line: e.message.split('\n')[0],
        linePos: e.linePos,
      });
      expect(errorsOf(parseYamlDocuments(text), pick)).toEqual(errorsOf(parseAllDocuments(text), pick));
      expect(errorsOf(parseYamlDocuments(text, { prettyErrors: false }), pick)).toEqual(
        errorsOf(parseAllDocuments(text, { prettyErrors: false }), pick),
      );
    }
  });

  it('keeps the values, and takes a 12,600-key map in one pass', () => {
    const text = `stringData:\n${Array.from({ length: 12_600 }, (_, i) => `  DB_PASSWORD_${i}: pw-${i}`).join('\n')}\n`;
    const [doc] = parseYamlDocuments(text);
    expect(doc!.errors).toEqual([]);
    expect(Object.keys((doc!.toJS() as { stringData: object }).stringData)).toHaveLength(12_600);
    const duplicated = `${text}  DB_PASSWORD_7: again\n`;
    const [bad] = parseYamlDocuments(duplicated);
    expect(bad!.errors.map((e) => [e.code, e.linePos?.[0].line])).toEqual([['DUPLICATE_KEY', 12_602]]);
  });

  it('parseYamlValue reads, throws and stays silent as yaml.parse does', () => {
    const outcome = (read: () => unknown) => {
      try {
        return { value: read() };
      } catch (error) {
        return { code: (error as { code?: string }).code };
      }
    };
    for (const text of [
      'a: 1\nb: [x, y]\n',
      '',
      'a: 1\na: 2\n',
      'a: [1\n',
      '---\na: 1\n---\nb: 2\n',
      'x: &a 1\ny: *a\n',
    ]) {
      expect(outcome(() => parseYamlValue(text, { logLevel: 'error' }))).toEqual(
        outcome(() => parse(text, { logLevel: 'error' })),
      );
      expect(outcome(() => parseYamlValue(text, { logLevel: 'silent' }))).toEqual(
        outcome(() => parse(text, { logLevel: 'silent' })),
      );
    }
  });
});
