import { asRecord, getPath } from '../parse/k8s-object';
import type { ChartContainer, ChartDeclaration, DefaultsStrategy, ValuesPath } from './chart-declaration';

/** Every container a chart's values describe, with its pod options, as the chart renders them. */
export function chartContainers(chart: ChartDeclaration, values: Record<string, unknown>): ChartContainer[] {
  const found = chart.containers.flatMap((site) =>
    expand(values, site.path).flatMap(({ path, keys }) => {
      const own = asRecord(getPath(values, path));
      if (!own) return [];
      const applied = site.containerDefaultsApply?.(values, keys) ?? true;
      const defaults = applied
        ? (site.containerDefaults ?? []).map((p) => asRecord(getPath(values, bind(p, keys))))
        : [];
      const containerCombine = combiner(site.containerDefaultsStrategy?.(values, keys));
      const merged = [...defaults, own].reduce<Record<string, unknown>>((acc, next) => containerCombine(acc, next), {});
      const podPaths = site.podOptions.map((p) => bind(p, keys));
      const podCombine = combiner(site.podOptionsStrategy?.(values));
      const podOptions = podPaths
        .map((p) => asRecord(getPath(values, p)))
        .reduce<Record<string, unknown>>((acc, next) => podCombine(acc, next), {});
      return [
        {
          path,
          list: site.list,
          ...(keys.length > 0 ? { name: keys.join('.') } : {}),
          container: chart.render ? chart.render(merged, values) : merged,
          podOptionsPath: podPaths[podPaths.length - 1] ?? [],
          podSecurityContextPath: [
            ...(podPaths.findLast((p) => asRecord(getPath(values, p))?.securityContext !== undefined) ??
              podPaths[podPaths.length - 1] ??
              []),
            'securityContext',
          ],
          podOptions,
        },
      ];
    }),
  );
  // `controller.container` only where two controllers make the container key ambiguous.
  const firsts = new Set(found.map((c) => c.name?.split('.')[0]));
  if (firsts.size > 1) return found;
  return found.map((c) => (c.name ? { ...c, name: c.name.split('.').slice(1).join('.') || c.name } : c));
}

/** The concrete paths a site path with `*` matches, and the keys each `*` took. */
function expand(values: unknown, pattern: readonly string[]): { path: string[]; keys: string[] }[] {
  let found: { path: string[]; keys: string[] }[] = [{ path: [], keys: [] }];
  for (const segment of pattern) {
    found = found.flatMap(({ path, keys }) => {
      if (segment !== '*') return [{ path: [...path, segment], keys }];
      const map = asRecord(getPath(values, path));
      return Object.keys(map ?? {}).map((key) => ({ path: [...path, key], keys: [...keys, key] }));
    });
  }
  return found;
}

/** A pod-options path with `$1`, `$2`… replaced by the keys `*` matched. */
function bind(path: readonly string[], keys: readonly string[]): ValuesPath {
  return path.map((segment) => (/^\$\d+$/.test(segment) ? (keys[Number(segment.slice(1)) - 1] ?? segment) : segment));
}

/** How a chart's strategy combines a default (`base`) with what is set over it (`over`). */
function combiner(
  strategy: DefaultsStrategy | undefined,
): (base: Record<string, unknown>, over: Record<string, unknown> | undefined) => Record<string, unknown> {
  return strategy === 'overwrite' ? (base, over) => (over ? { ...base, ...over } : base) : deepMerge;
}

/** `over` merged into `base`, maps recursively; lists and scalars of `over` win. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!over) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const a = asRecord(out[key]);
    const b = asRecord(value);
    out[key] = a && b ? deepMerge(a, b) : value;
  }
  return out;
}
