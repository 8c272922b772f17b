import type { Finding } from '@triad/core';
import { type Document, isSeq } from 'yaml';

/** A document path kept in a finding's evidence (`containerPath`, `podSpecPath`…), if it is one. */
export function evidencePath(finding: Finding, key: string): (string | number)[] | undefined {
  const value = finding.evidence?.[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) return undefined;
  return value as (string | number)[];
}

/** Puts `ALL` in `securityContext.capabilities.drop` at `container`, once; other drops and adds stay. */
export function dropAllCapabilities(doc: Document.Parsed, container: readonly (string | number)[]): void {
  const dropPath = [...container, 'securityContext', 'capabilities', 'drop'];
  const drop = doc.getIn(dropPath);
  if (isSeq(drop)) {
    const has = drop.items.some((item) => String((item as { value?: unknown }).value ?? item).toUpperCase() === 'ALL');
    if (!has) drop.add(doc.createNode('ALL'));
  } else {
    doc.setIn(dropPath, doc.createNode(['ALL'], { flow: true }));
  }
}
