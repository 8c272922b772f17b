import type { Approval, Task } from '@triad/core';

export type WebhookFormat = 'slack' | 'ntfy';

/** An HTTP request to make: JSON for Slack-compatible hooks, plain text with ntfy's headers for ntfy. */
export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/** The message that a change waits for a person, with a link to it. */
export function approvalMessage(
  format: WebhookFormat,
  approval: Approval,
  task: Pick<Task, 'id' | 'title'>,
  publicUrl: string,
): WebhookRequest {
  const link = `${publicUrl.replace(/\/+$/, '')}/approvals/${encodeURIComponent(task.id)}`;
  const text = `Triad: a ${approval.level}-risk change waits for your approval: ${task.title} (until ${approval.expiresAt})`;
  if (format === 'ntfy') {
    return {
      body: `${text}\n${link}`,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        title: `Triad: approval needed (${approval.level})`,
        tags: 'warning',
        priority: approval.level === 'critical' ? 'urgent' : 'high',
        click: link,
      },
    };
  }
  return {
    body: JSON.stringify({
      text: `${text} <${link}|Review it>`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `*${task.title}*\nRisk *${approval.level}*, task \`${task.id}\`` },
        },
        { type: 'section', text: { type: 'mrkdwn', text: `Waits until ${approval.expiresAt}. <${link}|Review it>` } },
      ],
    }),
    headers: { 'content-type': 'application/json' },
  };
}
