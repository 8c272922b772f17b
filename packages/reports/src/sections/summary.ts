import { formatDuration, TASK_STATES } from '@triad/core';
import type { BudgetUse, SummaryData } from '../data/summary';
import { formatCount, formatUsd } from '../format';
import { section, table } from '../markdown';

function timeBox({ timeBox: box }: SummaryData): string {
  const until = box.stillRunning ? `${box.endedAt} (report time; still running)` : box.endedAt;
  return `${formatDuration(box.usedMs)} of ${formatDuration(box.durationMs)} used (${box.usedPercent}%), ${box.startedAt} → ${until}`;
}

function tokens(usage: BudgetUse): string {
  const split = `${formatCount(usage.inputTokens)} input · ${formatCount(usage.outputTokens)} output · ${formatCount(usage.cachedTokens)} cached`;
  if (usage.maxTokens === undefined) return `${split}; no token budget`;
  return `${split}; ${formatCount(usage.totalTokens)} of ${formatCount(usage.maxTokens)} budget (${usage.tokensPercent}%)`;
}

function cost(usage: BudgetUse): string {
  if (usage.maxUsd === undefined) return `${formatUsd(usage.usd)}; no cost budget`;
  return `${formatUsd(usage.usd)} of ${formatUsd(usage.maxUsd)} budget (${usage.usdPercent}%)`;
}

export function renderSummary(summary: SummaryData): string[] {
  const end = summary.endReason
    ? `${summary.endReason}${summary.endMessage ? `: ${summary.endMessage}` : ''}`
    : 'not ended yet';
  const states = TASK_STATES.filter((state) => summary.tasksByState[state] > 0);
  return section('Summary', [
    ...table(
      ['measure', 'value'],
      [
        ['Time box', timeBox(summary)],
        ['Started by', summary.timeBox.startedBy ?? 'not recorded'],
        ['End reason', end],
        ['Tokens', tokens(summary.usage)],
        ['Cost', cost(summary.usage)],
        ['Model calls', formatCount(summary.usage.calls)],
        ['Cycles', String(summary.cycles)],
        ['Verification', summary.clusterConfigured ? 'against the cluster (Flux)' : 'none: no cluster configured'],
        ...(summary.withoutFlux
          ? [
              [
                'Deployment',
                'no Flux Kustomization found in the repository: every object was taken as deployed, test and example manifests included, and nothing here says Flux applies these changes',
              ],
            ]
          : []),
        ...(summary.undeployedFixable > 0
          ? [
              [
                'Left alone',
                `${formatCount(summary.undeployedFixable)} fixable finding${summary.undeployedFixable === 1 ? '' : 's'} on objects nothing deploys (archived or commented-out apps): no task changes them; \`triad fix --all\` does`,
              ],
            ]
          : []),
      ],
    ),
    '',
    ...table(
      ['task state', 'tasks'],
      [...states.map((state) => [state, String(summary.tasksByState[state])]), ['total', String(summary.taskCount)]],
    ),
  ]);
}
