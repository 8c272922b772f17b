import { describe, expect, it } from 'vitest';
import type { SimObject } from './object-store';
import { labelSelector } from './selectors';

const pod = (labels: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'lab', labels } }) as unknown as SimObject;

describe('labelSelector as the API server reads ?labelSelector=', () => {
  it.each([
    ['app=web', true],
    ['app in (web,api)', true],
    ['app notin (web)', false],
    ['tier', false],
    ['!tier', true],
    ['app!=api,!tier', true],
  ])('%s → %s', (selector, expected) => expect(labelSelector(selector)(pod({ app: 'web' }))).toBe(expected));
});
