/**
 * Wraps text that comes from the cluster or the repository (file contents, annotations, event messages, logs) so
 * every prompt marks it as data: the system prompts tell each role never to follow instructions found inside.
 * A closing tag inside the text is defused, so the data cannot end its own block.
 */
export function untrusted(source: string, text: string): string {
  const safe = text.replace(/<(\/?)untrusted-data/gi, '<$1untrusted-data-quoted');
  const label = source.replace(/["<>\n]/g, '_');
  return `<untrusted-data source="${label}">\n${safe}\n</untrusted-data>`;
}
