import { formatDuration } from '@triad/core';
import type { RolePerformance } from '../data/team';
import { formatCount, formatUsd } from '../format';
import { code, section, table } from '../markdown';

function latency(role: RolePerformance): string {
  if (role.meanLatencyMs === undefined) return '—';
  const ms = role.meanLatencyMs;
  const text = ms < 1000 ? `${ms}ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatDuration(ms);
  return `${text} (n=${role.latencySamples})`;
}

function row(role: RolePerformance): string[] {
  const agent = role.role !== 'human';
  const { approve, request_changes, reject } = role.reviews;
  return [
    role.role,
    agent ? code(role.model) : role.model,
    agent ? formatCount(role.calls) : '—',
    role.role === 'lead' ? String(role.proposals) : '—',
    role.role === 'co-lead' ? `${approve} / ${request_changes} / ${reject}` : '—',
    role.role === 'cio' ? String(role.assessments) : '—',
    role.role === 'human' ? `${role.approved} / ${role.rejected}` : '—',
    agent ? `${formatCount(role.inputTokens)} / ${formatCount(role.outputTokens)}` : '—',
    agent ? formatUsd(role.usd) : '—',
    latency(role),
  ];
}

/** Each role's work, spend and speed. */
export function renderTeam(team: RolePerformance[]): string[] {
  return section(
    'Team performance',
    table(
      [
        'role',
        'model',
        'calls',
        'proposals',
        'reviews (approve / changes / reject)',
        'assessments',
        'approvals (approved / rejected)',
        'tokens (in / out)',
        'cost',
        'mean latency',
      ],
      team.map(row),
    ),
  );
}
