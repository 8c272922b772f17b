import { SEVERITIES, TASK_STATES, type TaskState } from '@triad/core';
import { describe, expect, it } from 'vitest';
import { NOT_VERIFIED_NO_CLUSTER } from './data/achievements';
import { cleanSession } from './fixtures/clean-session';
import { troubledSession } from './fixtures/troubled-session';
import { renderSessionReport } from './render-report';
import { buildReportData } from './report-data';
import { REPORT_EVENT_TYPES, type ReportInput } from './report-input';

const fixtures: Array<[string, ReportInput]> = [
  ['clean', cleanSession],
  ['troubled', troubledSession],
];

describe.each(fixtures)('buildReportData on the %s session', (_name, input) => {
  const data = buildReportData(input);

  it('counts every task state as the records have it', () => {
    for (const state of TASK_STATES) {
      expect(data.summary.tasksByState[state], state).toBe(input.tasks.filter((t) => t.state === state).length);
    }
    expect(data.summary.taskCount).toBe(input.tasks.length);
  });

  it('measures the time box and the budget from the session', () => {
    const end = input.session.endedAt ?? input.generatedAt;
    expect(data.summary.timeBox.usedMs).toBe(Date.parse(end) - Date.parse(input.session.createdAt));
    expect(data.summary.timeBox.durationMs).toBe(input.session.durationMs);
    expect(data.summary.endReason).toBe(input.session.endReason);
    expect(data.summary.usage).toMatchObject({
      inputTokens: input.session.usage.inputTokens,
      outputTokens: input.session.usage.outputTokens,
      cachedTokens: input.session.usage.cachedTokens,
      usd: input.session.usage.usd,
    });
  });

  it('lists exactly the verified and applied tasks as achievements, and never calls applied verified', () => {
    const listed = data.achievements.flatMap((group) => group.tasks);
    const landed = input.tasks.filter((t) => t.state === 'verified' || t.state === 'applied');
    expect(listed.map((a) => a.taskId).sort()).toEqual(landed.map((t) => t.id).sort());
    for (const item of listed) {
      const task = input.tasks.find((t) => t.id === item.taskId)!;
      expect(item.state).toBe(task.state);
      expect(item.commit).toBe(task.commit);
      expect(item.category).toBe(task.category);
      if (item.state === 'applied') {
        expect(item.verification).toMatch(/^pushed; not verified/);
        expect(item.verification).not.toMatch(/Ready/);
      }
    }
    expect(data.achievements.map((g) => g.category)).toEqual(['stability', 'security', 'resources', 'docs']);
  });

  it('counts findings per severity, fixed and new', () => {
    const before = new Set(input.findingsBefore.map((f) => f.id));
    const after = new Set(input.findingsAfter.map((f) => f.id));
    for (const severity of SEVERITIES) {
      const row = data.finalState.bySeverity.find((r) => r.severity === severity)!;
      expect(row.before).toBe(input.findingsBefore.filter((f) => f.severity === severity).length);
      expect(row.after).toBe(input.findingsAfter.filter((f) => f.severity === severity).length);
    }
    expect(data.finalState.fixed.map((f) => f.id).sort()).toEqual([...before].filter((id) => !after.has(id)).sort());
    expect(data.finalState.new.map((f) => f.id).sort()).toEqual([...after].filter((id) => !before.has(id)).sort());
  });

  it('sums each role from the event log and the records', () => {
    const calls = (role: string) => input.events.filter((e) => e.type === 'model.call' && e.data?.role === role);
    for (const role of data.team.filter((r) => r.role !== 'human')) {
      const events = calls(role.role);
      expect(role.inputTokens).toBe(events.reduce((s, e) => s + Number(e.data?.inputTokens), 0));
      expect(role.outputTokens).toBe(events.reduce((s, e) => s + Number(e.data?.outputTokens), 0));
      expect(role.usd).toBeCloseTo(
        events.reduce((s, e) => s + Number(e.data?.usd), 0),
        6,
      );
    }
    const lead = data.team.find((r) => r.role === 'lead')!;
    expect(lead.proposals).toBe(input.proposals.length);
    const coLead = data.team.find((r) => r.role === 'co-lead')!;
    for (const verdict of ['approve', 'request_changes', 'reject'] as const) {
      expect(coLead.reviews[verdict]).toBe(input.reviews.filter((r) => r.verdict === verdict).length);
    }
    const human = data.team.find((r) => r.role === 'human')!;
    expect(human.approved).toBe(input.approvals.filter((a) => a.status === 'approved').length);
    expect(human.rejected).toBe(input.approvals.filter((a) => a.status === 'rejected').length);
  });

  it('puts every task a person must decide on the next session list', () => {
    const needsPerson: TaskState[] = ['deferred', 'rejected', 'expired', 'awaiting_approval'];
    const expected = input.tasks.filter((t) => needsPerson.includes(t.state) || t.risk === 'critical').map((t) => t.id);
    const listed = data.nextSession.flatMap((p) => p.taskId ?? []);
    expect(listed.sort()).toEqual(expected.sort());
    for (const priority of data.nextSession) {
      expect(priority.why).not.toBe('');
      expect(priority.action).not.toBe('');
    }
  });

  it('lists the ADRs by number', () => {
    expect(data.decisions.map((d) => d.number)).toEqual(input.adrs.map((a) => a.number).sort((a, b) => a - b));
  });
});

describe('buildReportData on the clean session', () => {
  const data = buildReportData(cleanSession);

  it('says both pushes are unverified because no cluster is configured', () => {
    const listed = data.achievements.flatMap((group) => group.tasks);
    expect(listed).toHaveLength(2);
    expect(listed.every((a) => a.verification === NOT_VERIFIED_NO_CLUSTER)).toBe(true);
  });

  it('has nothing for a person to do and no setbacks', () => {
    expect(data.nextSession).toEqual([]);
    expect(data.setbacks).toEqual([]);
  });

  it('counts built-in agents by the records they made', () => {
    const byRole = Object.fromEntries(data.team.map((r) => [r.role, r]));
    expect(byRole.lead?.calls).toBe(2);
    expect(byRole['co-lead']?.calls).toBe(2);
    expect(byRole['co-lead']?.meanLatencyMs).toBe(50);
    expect(byRole.cio?.meanLatencyMs).toBe(15);
    expect(byRole.human?.calls).toBe(0);
  });
});

describe('buildReportData on the troubled session', () => {
  const data = buildReportData(troubledSession);
  const priority = (id: string) => data.nextSession.find((p) => p.taskId === id || p.findingId === id);

  it('reports a deadline end and the budget share used', () => {
    expect(data.summary.endReason).toBe('deadline');
    expect(data.summary.timeBox.usedPercent).toBe(100);
    expect(data.summary.usage.tokensPercent).toBe(15);
    expect(data.summary.usage.usdPercent).toBe(25);
  });

  it('says verified only for the task Flux reported Ready, in the words verify recorded', () => {
    const [item] = data.achievements.flatMap((group) => group.tasks);
    expect(item).toMatchObject({
      taskId: 's2-t1',
      state: 'verified',
      verification: 'Flux reports Kustomization flux-system/infra Ready at bbbbbbbb (which holds aaaaaaaa)',
    });
  });

  it('explains every failure, rollback and rejection from the records', () => {
    const byId = Object.fromEntries(data.setbacks.map((s) => [s.taskId, s]));
    expect(Object.keys(byId)).toEqual(['s2-t2', 's2-t3', 's2-t4', 's2-t7']);
    expect(byId['s2-t2']?.reason).toMatch(/guardrail refused/);
    expect(byId['s2-t3']).toMatchObject({ state: 'rolled_back', commit: 'b'.repeat(40), revertCommit: 'c'.repeat(40) });
    expect(byId['s2-t4']).toMatchObject({ reviewVerdict: 'reject', revision: 2 });
    expect(byId['s2-t4']?.reviewComments).toContain('add the plugin first');
    expect(byId['s2-t7']).toMatchObject({ rejectedBy: 'alice', approvalComment: 'not before the backup is checked' });
  });

  it('shortens the long diff and counts what it left out', () => {
    const [detail] = data.technicalDetails;
    expect(detail).toMatchObject({ taskId: 's2-t1', diffLines: 60, omittedLines: 20 });
    expect(detail?.diff.split('\n')).toHaveLength(40);
  });

  it('tells the next session what to do and why', () => {
    expect(priority('s2-t5')).toMatchObject({ kind: 'deferred', risk: 'high' });
    expect(priority('s2-t5')?.why).toMatch(/expired unanswered/);
    expect(priority('s2-t10')?.why).toMatch(/deadline came before it was drafted/);
    expect(priority('s2-t7')).toMatchObject({ kind: 'rejected', risk: 'critical' });
    expect(priority('s2-t7')?.why).toMatch(
      /^assessed critical risk \(blast radius: the media library data\); alice rejected/,
    );
    expect(priority('s2-t6')?.kind).toBe('expired');
    const hostPath = priority('hostpath-volume/Deployment/apps/backup');
    expect(hostPath?.action).toBe('the built-in Lead has no fix for hostpath-volume: fix by hand');
    expect(priority('hardcoded-secret/Deployment/apps/paperless/PAPERLESS_SECRET_KEY')?.why).toMatch(/s2-t2 \(failed/);
  });

  it('does not repeat a finding whose task is already on the list, nor list medium ones', () => {
    const findings = data.nextSession.flatMap((p) => p.findingId ?? []);
    expect(findings.sort()).toEqual([
      'hardcoded-secret/Deployment/apps/paperless/PAPERLESS_SECRET_KEY',
      'hostpath-volume/Deployment/apps/backup',
    ]);
  });

  it('orders the list by kind', () => {
    expect(data.nextSession.map((p) => p.kind)).toEqual([
      'deferred',
      'deferred',
      'rejected',
      'rejected',
      'unfixed_finding',
      'unfixed_finding',
      'expired',
    ]);
    expect(data.nextSession.map((p) => p.taskId ?? p.findingId)[0]).toBe('s2-t5');
  });

  it('counts model-backed calls and built-in steps per role', () => {
    const byRole = Object.fromEntries(data.team.map((r) => [r.role, r]));
    expect(byRole['co-lead']).toMatchObject({ model: 'google:gemini-2.5-pro', calls: 3, meanLatencyMs: 3000 });
    expect(byRole.cio).toMatchObject({
      model: 'builtin',
      calls: troubledSession.assessments.length,
      meanLatencyMs: 20,
    });
    expect(byRole.human).toMatchObject({ rejected: 1, meanLatencyMs: 60 * 60_000, latencySamples: 1 });
  });
});

describe('next session priorities for a report written mid-session', () => {
  const base = troubledSession;
  const input: ReportInput = {
    ...base,
    session: { ...base.session, state: 'running', endedAt: undefined, endReason: undefined },
    tasks: base.tasks.map((t) => {
      if (t.id === 's2-t5') return { ...t, state: 'awaiting_approval' as const, reason: undefined };
      if (t.id === 's2-t1') return { ...t, risk: 'critical' as const };
      return t;
    }),
    approvals: base.approvals.map((a) => (a.taskId === 's2-t5' ? { ...a, status: 'pending' as const } : a)),
  };
  const data = buildReportData(input);

  it('asks a person to decide pending approvals in the review UI', () => {
    const waiting = data.nextSession.find((p) => p.taskId === 's2-t5');
    expect(waiting).toMatchObject({ kind: 'awaiting_approval', action: 'approve or reject in the review UI' });
    expect(data.nextSession[0]?.taskId).toBe('s2-t5');
  });

  it('asks a person to check a change that landed at critical risk', () => {
    const critical = data.nextSession.find((p) => p.taskId === 's2-t1');
    expect(critical).toMatchObject({ kind: 'critical_risk', commits: ['a'.repeat(40)] });
    expect(critical?.action).toMatch(/^check commit aaaaaaa/);
  });

  it('measures the time box up to the report while the session runs', () => {
    expect(data.summary.timeBox).toMatchObject({ stillRunning: true, endedAt: input.generatedAt });
    expect(data.summary.endReason).toBeUndefined();
  });
});

describe('next session priorities of a pr-mode session', () => {
  const pr = {
    number: 7,
    url: 'https://git.example/homelab/gitops/pulls/7',
    branch: 'triad/s2/s2-t1',
    head: 'b'.repeat(40),
    base: 'c'.repeat(40),
  };
  const input: ReportInput = {
    ...troubledSession,
    session: { ...troubledSession.session, mode: 'pr' },
    tasks: troubledSession.tasks.map((t) => {
      if (t.id === 's2-t1') return { ...t, state: 'pr_open' as const, pullRequest: pr };
      if (t.id === 's2-t5')
        return {
          ...t,
          state: 'rejected' as const,
          pullRequest: { ...pr, number: 8 },
          reason: 'pull request #8 was closed unmerged by carol: not on a Friday',
        };
      return t;
    }),
  };
  const data = buildReportData(input);

  it('lists a pull request still open at the end with its link, first after approvals', () => {
    const open = data.nextSession.find((p) => p.taskId === 's2-t1');
    expect(open).toMatchObject({ kind: 'pr_open', url: pr.url, state: 'pr_open' });
    expect(open?.why).toContain('#7');
    const markdown = renderSessionReport(data);
    expect(markdown).toMatch(
      /\(pull request open, risk \w+\)\..*Link: <https:\/\/git\.example\/homelab\/gitops\/pulls\/7>\./,
    );
  });

  it("gives the closer's comment for a pull request closed unmerged", () => {
    expect(data.nextSession.find((p) => p.taskId === 's2-t5')).toMatchObject({
      kind: 'rejected',
      why: 'pull request #8 was closed unmerged by carol: not on a Friday',
    });
  });
});

describe('the events a report reads', () => {
  it.each(fixtures)('builds the same %s report from the events of REPORT_EVENT_TYPES alone', (_name, input) => {
    const only = { ...input, events: input.events.filter((event) => REPORT_EVENT_TYPES.has(event.type)) };
    expect(only.events.length).toBeLessThan(input.events.length);
    expect(buildReportData(only)).toEqual(buildReportData(input));
    expect(renderSessionReport(buildReportData(only))).toBe(renderSessionReport(buildReportData(input)));
  });

  it('changes when an event of one of those types is left out (the comparison above can fail)', () => {
    const input = troubledSession;
    for (const type of ['model.call', 'verify.passed'] as const) {
      const without = { ...input, events: input.events.filter((event) => event.type !== type) };
      expect(buildReportData(without), type).not.toEqual(buildReportData(input));
    }
  });
});
