import { TriadError } from '@triad/core';

/** Longest slug kept in a file name; cut at a word boundary. */
const MAX_SLUG = 80;
/** Words a cut slug should not end on (`…-mode-for`). */
const DANGLING = /-(a|an|and|by|for|from|in|instead|of|on|or|the|to|with)$/;

/** `Use GPU device plugin for Jellyfin!` → `use-gpu-device-plugin-for-jellyfin`; accents dropped, never empty. */
export function adrSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let cut = slug.length > MAX_SLUG ? slug.slice(0, MAX_SLUG + 1).replace(/-[^-]*$/, '') : slug;
  while (DANGLING.test(cut)) cut = cut.replace(DANGLING, '');
  return cut || 'decision';
}

/** The ADR number as it appears in file names and titles: at least four digits. */
export function padAdrNumber(number: number): string {
  if (!Number.isInteger(number) || number < 1) {
    throw new TriadError(`ADR number ${number} is not a positive integer: number ADRs from 1`, {
      code: 'invalid_adr_number',
      domain: 'internal',
    });
  }
  return String(number).padStart(4, '0');
}

/** `adrFileName(7, 'Use GPU device plugin for Jellyfin')` → `0007-use-gpu-device-plugin-for-jellyfin.md`. */
export function adrFileName(number: number, title: string): string {
  return `${padAdrNumber(number)}-${adrSlug(title)}.md`;
}
