import type { Finding } from '@triad/core';
import { type Document, isMap, isSeq } from 'yaml';
import { asRecord } from '../parse/k8s-object';
import { imageFamily, imageReference } from '../workloads/image-families';
import { setPath } from './set-path';

/** A document path kept in a finding's evidence (`containerPath`, `podSpecPath`…), if it is one. */
export function evidencePath(finding: Finding, key: string): (string | number)[] | undefined {
  const value = finding.evidence?.[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) return undefined;
  return value as (string | number)[];
}

/**
 * Puts `ALL` in `securityContext.capabilities.drop` at `container`, once; other drops and adds stay. When the image
 * belongs to a family whose init needs capabilities (LinuxServer.io, hotio…), those are added back, so the fix keeps
 * the workload starting. Returns the capabilities it added back.
 */
export function dropAllCapabilities(doc: Document.Parsed, container: readonly (string | number)[]): string[] {
  const dropPath = [...container, 'securityContext', 'capabilities', 'drop'];
  const drop = doc.getIn(dropPath);
  if (isSeq(drop)) {
    const has = drop.items.some((item) => String((item as { value?: unknown }).value ?? item).toUpperCase() === 'ALL');
    if (!has) drop.add(doc.createNode('ALL'));
  } else {
    setPath(doc, dropPath, doc.createNode(['ALL'], { flow: true }));
  }
  const node = doc.getIn(container);
  const family = imageFamily(imageReference(asRecord(isMap(node) ? node.toJS(doc) : undefined) ?? {}));
  if (!family) return [];
  const addPath = [...container, 'securityContext', 'capabilities', 'add'];
  const add = doc.getIn(addPath);
  const present = new Set(
    (isSeq(add) ? add.items : []).map((item) =>
      String((item as { value?: unknown }).value ?? item)
        .toUpperCase()
        .replace(/^CAP_/, ''),
    ),
  );
  const missing = family.capabilities.filter((cap) => !present.has(cap));
  if (missing.length === 0) return [];
  if (isSeq(add)) for (const cap of missing) add.add(doc.createNode(cap));
  else setPath(doc, addPath, doc.createNode([...missing], { flow: true }));
  return missing;
}
