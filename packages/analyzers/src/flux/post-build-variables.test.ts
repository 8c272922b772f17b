// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Flux ${VAR} references are the subject of these tests
import { describe, expect, it } from 'vitest';
import { substituteText, type VariableValue } from './post-build-variables';

const given =
  (values: Record<string, VariableValue>) =>
  (name: string): VariableValue =>
    values[name] ?? 'unset';

describe('a path as Flux substitutes it', () => {
  it.each([
    ['set', './apps/${TIER}', { TIER: { value: 'core' } }, './apps/core'],
    ['default when unset', './apps/${TIER:=edge}', {}, './apps/edge'],
    ['`:-` default when empty', './apps/${TIER:-edge}', { TIER: { value: '' } }, './apps/edge'],
    ['`-` keeps an empty value', './apps/x${TIER-edge}', { TIER: { value: '' } }, './apps/x'],
    ['escape stays literal', './apps/$${TIER}', { TIER: { value: 'core' } }, './apps/${TIER}'],
  ] as const)('%s', (_, text, values, expected) => {
    expect(substituteText(text, given(values))).toBe(expected);
  });

  it.each([
    ['unset, no default', './apps/${TIER}', {}],
    ['unknown to the repository', './apps/${TIER:=edge}', { TIER: 'unknown' }],
    ['an operator not modelled', './apps/${TIER:0:2}', { TIER: { value: 'core' } }],
  ] as const)('left as written when %s', (_, text, values) => {
    expect(substituteText(text, given(values as Record<string, VariableValue>))).toBeUndefined();
  });
});
