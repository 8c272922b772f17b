import { describe, expect, it } from 'vitest';
import { ForgeEnv, forgeTokens } from './forge-env';

describe('forge tokens from the environment', () => {
  it('takes each set token by its forge, and treats an empty one as unset', () => {
    const env = ForgeEnv.parse({ GITHUB_TOKEN: ' ghp_x ', GITEA_TOKEN: '', PATH: '/bin' });
    expect(forgeTokens(env)).toEqual({ github: 'ghp_x' });
    expect(forgeTokens(ForgeEnv.parse({}))).toEqual({});
  });
});
