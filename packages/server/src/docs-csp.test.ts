import { describe, expect, it } from 'vitest';
import { docsCsp } from './docs-csp';

describe('the API docs CSP', () => {
  const upstream =
    "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self' 'sha256-abc='; script-src-attr 'none'; style-src 'self' https: 'sha256-def='; upgrade-insecure-requests;";

  it('allows nothing from other hosts, keeps script hashes, and lets Swagger UI set inline styles', () => {
    expect(docsCsp(upstream)).toBe(
      "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self' 'sha256-abc='; script-src-attr 'none'; style-src 'self' 'unsafe-inline';",
    );
  });
});
