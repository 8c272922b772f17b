import { describe, expect, it } from 'vitest';
import { LayoutEnv, layoutConfig } from './layout-env';

describe('layout environment', () => {
  it('defaults to docs/sessions and docs/adr, and takes other folders without a trailing slash', () => {
    expect(layoutConfig(LayoutEnv.parse({}))).toEqual({ reportDir: 'docs/sessions', adrDir: 'docs/adr' });
    expect(layoutConfig(LayoutEnv.parse({ TRIAD_REPORT_DIR: 'ops/triad/', TRIAD_ADR_DIR: 'decisions/' }))).toEqual({
      reportDir: 'ops/triad',
      adrDir: 'decisions',
    });
  });
});
