/**
 * The API documentation page's CSP, from the one @fastify/swagger-ui writes: nothing from other hosts (no `https:`,
 * no validator badge), framed by nobody, no forced https upgrade (a server on plain http in a LAN must still load its
 * own files), and inline style attributes allowed, which Swagger UI sets at run time. Scripts keep their hashes.
 */
export function docsCsp(header: string): string {
  const directives = header
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && directive !== 'upgrade-insecure-requests')
    .map((directive) => {
      const [name = '', ...sources] = directive.split(/\s+/);
      if (name === 'style-src') return "style-src 'self' 'unsafe-inline'";
      if (name === 'frame-ancestors') return "frame-ancestors 'none'";
      const local = sources.filter((source) => source !== 'https:' && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(source));
      return [name, ...local].join(' ');
    });
  return `${directives.join('; ')};`;
}
