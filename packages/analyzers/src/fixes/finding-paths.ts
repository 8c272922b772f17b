import type { Finding } from '@triad/core';
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import { asRecord } from '../parse/k8s-object';
import { familyNeedsOf } from '../workloads/image-families';
import { setPath } from './set-path';

/** A document path kept in a finding's evidence (`containerPath`, `podSpecPath`…), if it is one. */
export function evidencePath(finding: Finding, key: string): (string | number)[] | undefined {
  const value = finding.evidence?.[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) return undefined;
  return value as (string | number)[];
}

/**
 * `path` as the document spells it: a key written as an alias (`*app :`, its anchor on the release's name) is matched
 * by the value it stands for and replaced by the alias node itself, which `yaml`'s getIn/setIn then find by identity.
 * Segments that match a plain key, or nothing, are kept as they are.
 */
export function documentPath(doc: Document.Parsed, path: readonly (string | number)[]): (string | number | object)[] {
  const out: (string | number | object)[] = [];
  let node: unknown = doc.contents;
  for (const segment of path) {
    let key: string | number | object = segment;
    if (isMap(node) && !node.has(segment)) {
      const pair = node.items.find(
        (item) =>
          isAlias(item.key) && String((item.key.resolve(doc) as { value?: unknown })?.value) === String(segment),
      );
      if (pair) key = pair.key as object;
    }
    out.push(key);
    node = isMap(node) || isSeq(node) ? node.get(key as never, true) : undefined;
    if (isScalar(node) || node === undefined) node = undefined;
  }
  return out;
}

/**
 * Puts `ALL` in `securityContext.capabilities.drop` at `container`, once; other drops and adds stay. When the image
 * belongs to a family whose init needs capabilities (LinuxServer.io, hotio…), those are added back, so the fix keeps
 * the workload starting. Returns the capabilities it added back.
 */
export function dropAllCapabilities(doc: Document.Parsed, container: readonly unknown[]): string[] {
  const dropPath = [...container, 'securityContext', 'capabilities', 'drop'];
  const drop = doc.getIn(dropPath);
  if (isSeq(drop)) {
    const has = drop.items.some((item) => String((item as { value?: unknown }).value ?? item).toUpperCase() === 'ALL');
    if (!has) drop.add(doc.createNode('ALL'));
  } else {
    setPath(doc, dropPath, doc.createNode(['ALL'], { flow: writesListsInFlow(doc, 'capabilities') }));
  }
  const node = doc.getIn(container);
  const family = familyNeedsOf(asRecord(isMap(node) ? node.toJS(doc) : undefined) ?? {});
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
  else setPath(doc, addPath, doc.createNode([...missing], { flow: writesListsInFlow(doc, 'capabilities') }));
  return missing;
}

/**
 * Whether the document writes a new list in flow style (`[ALL]`) rather than one item per line: as the lists under
 * `parent` keys (`capabilities`) are written where it has some, else as most of its lists are (of words or of maps),
 * flow when it has none.
 */
export function writesListsInFlow(doc: Document.Parsed, parent?: string): boolean {
  const style = { flow: 0, block: 0 };
  const under = { flow: 0, block: 0 };
  visit(doc, {
    Seq(_, node, path) {
      if (node.items.length === 0) return;
      const counts = node.flow ? 'flow' : 'block';
      style[counts] += 1;
      // The seq is the value of a pair (`drop:`) in a map that is the value of a pair (`capabilities:`).
      const owner = path[path.length - 3];
      if (parent && isPair(owner) && isScalar(owner.key) && owner.key.value === parent) under[counts] += 1;
    },
  });
  const [flow, block] = under.flow + under.block > 0 ? [under.flow, under.block] : [style.flow, style.block];
  return flow >= block;
}
