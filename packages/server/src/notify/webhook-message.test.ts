import { describe, expect, it } from 'vitest';
import { approvalMessage } from './webhook-message';

const approval = {
  taskId: 's1-c1t2',
  sessionId: 's1',
  revision: 1,
  level: 'critical' as const,
  status: 'pending' as const,
  requestedAt: '2026-01-01T00:00:00Z',
  expiresAt: '2026-01-01T04:00:00Z',
};
const task = { id: 's1-c1t2', title: 'Drop privileged from jellyfin' };

describe('approvalMessage', () => {
  it('is Slack-compatible JSON with a link to the approval', () => {
    const request = approvalMessage('slack', approval, task, 'https://triad.example/');
    const body = JSON.parse(request.body);
    expect(request.headers['content-type']).toBe('application/json');
    expect(body.text).toContain('<https://triad.example/approvals/s1-c1t2|Review it>');
    expect(body.text).toContain('critical');
    expect(body.blocks[0].text.text).toContain('Drop privileged from jellyfin');
  });

  it('is plain text with ntfy headers, the click action opening the approval', () => {
    const request = approvalMessage('ntfy', approval, task, 'http://localhost:8080');
    expect(request.body).toContain('http://localhost:8080/approvals/s1-c1t2');
    expect(request.headers).toMatchObject({ click: 'http://localhost:8080/approvals/s1-c1t2', priority: 'urgent' });
  });
});
