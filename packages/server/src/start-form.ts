import type { StartSessionBody } from './session-request';

/** The start form's fields (all strings, as a browser posts them). */
export type StartForm = Partial<Record<string, string>>;

const number = (text: string | undefined) => (text?.trim() ? Number(text) : undefined);
const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** The start form as the API's body: goals one per line, empty fields left out. */
export function startFormBody(form: StartForm): unknown {
  const models = { lead: text(form.lead), coLead: text(form.coLead), cio: text(form.cio) };
  const body: Record<string, unknown> = {
    repo: form.repo ?? '',
    branch: text(form.branch),
    mode: text(form.mode),
    ...(text(form.mode) === 'pr'
      ? { forge: { kind: text(form.forge), apiUrl: text(form.forgeUrl), repo: text(form.forgeRepo) } }
      : {}),
    duration: text(form.duration),
    goals: (form.goals ?? '')
      .split(/\r?\n/)
      .map((goal) => goal.trim())
      .filter(Boolean),
    budget: { maxTokens: number(form.maxTokens), maxUsd: number(form.maxUsd) },
    models: Object.fromEntries(Object.entries(models).filter(([, value]) => value !== undefined)),
    autoApprove: text(form.autoApprove),
    approvalTimeout: text(form.approvalTimeout),
  };
  return body satisfies Partial<Record<keyof StartSessionBody, unknown>>;
}
