import { type Document, isMap, isScalar } from 'yaml';

/**
 * `doc.setIn(path, value)`, where a key along the path that holds nothing (`securityContext:` or `securityContext: ~`,
 * as rendered charts write it) is taken for an empty map, as Kubernetes reads it, and an empty `{}` along it opens
 * into a block map, so what is set there is written one key per line like the file around it. `yaml` refuses to set a
 * key inside a null scalar; any other non-map along the path is still refused.
 */
export function setPath(doc: Document.Parsed, path: readonly unknown[], value: unknown): void {
  for (let i = 1; i < path.length; i++) {
    const prefix = path.slice(0, i);
    const node = doc.getIn(prefix, true);
    if (isScalar(node) && (node.value === null || node.value === undefined)) {
      const map = doc.createNode({});
      if (isMap(map) && node.comment) map.comment = node.comment;
      doc.setIn(prefix, map);
    } else if (isMap(node) && node.flow && node.items.length === 0) {
      node.flow = false;
    }
  }
  doc.setIn(path, value);
}
