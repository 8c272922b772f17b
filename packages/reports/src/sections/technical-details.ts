import type { TechnicalDetail } from '../data/technical-details';
import { shortSha } from '../format';
import { code, fence, section } from '../markdown';

function detail(item: TechnicalDetail): string[] {
  const commit = item.commit ? `commit ${code(shortSha(item.commit))}` : 'commit not recorded';
  const files = item.files.map(code).join(', ');
  return [
    `### ${code(item.taskId)} ${item.title}`,
    '',
    `${commit} · revision ${item.revision} · ${item.commitSubject}`,
    '',
    `Files: ${files}`,
    '',
    ...(item.notAsApproved?.length
      ? ['How the commit differs from the approved change:', ...item.notAsApproved.map((line) => `- ${line}`), '']
      : []),
    ...fence(item.diff, 'diff'),
    ...(item.omittedLines > 0 ? ['', `(${item.omittedLines} more lines)`] : []),
  ];
}

/** The key diff of each change that landed. */
export function renderTechnicalDetails(details: TechnicalDetail[]): string[] {
  if (details.length === 0) return section('Technical details', ['No change landed, so there is no diff to show.']);
  return section(
    'Technical details',
    details.flatMap((item, index) => [...(index > 0 ? [''] : []), ...detail(item)]),
  );
}
