/** Lifecycle of an ADR; `Rejected` and `Superseded` mark a decision that no longer holds (the revert path). */
export const ADR_STATUSES = ['Proposed', 'Accepted', 'Rejected', 'Superseded'] as const;
export type AdrStatus = (typeof ADR_STATUSES)[number];

/** `- Status: Accepted`, `* Status: accepted`, `Status: Accepted`, or `status: accepted` in front matter. */
const STATUS_LINE = /^([-*]\s+)?(status):[ \t]*(.*)$/im;

/** The part before the first `##` heading: where the status lives, so body text never matches. */
function head(markdown: string): string {
  const index = markdown.search(/^## /m);
  return index === -1 ? markdown : markdown.slice(0, index);
}

/** The status an ADR declares, whatever its case, or undefined when it declares none we know. */
export function readAdrStatus(markdown: string): AdrStatus | undefined {
  const value = STATUS_LINE.exec(head(markdown))?.[3]?.trim().toLowerCase();
  return ADR_STATUSES.find((status) => status.toLowerCase() === value);
}

/** The ADR with its status set; a status line is added under the title when there is none. */
export function setAdrStatus(markdown: string, status: AdrStatus): string {
  const top = head(markdown);
  const rest = markdown.slice(top.length);
  if (STATUS_LINE.test(top)) {
    return (
      top.replace(STATUS_LINE, (_line, bullet: string | undefined, key: string) => `${bullet ?? ''}${key}: ${status}`) +
      rest
    );
  }
  const title = /^# .*$/m.exec(top);
  if (!title) return `- Status: ${status}\n\n${markdown}`;
  const at = title.index + title[0].length;
  return `${markdown.slice(0, at)}\n\n- Status: ${status}${markdown.slice(at)}`;
}
