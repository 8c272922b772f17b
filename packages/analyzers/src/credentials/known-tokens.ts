/** A credential format that announces itself by a prefix, whatever key or file it sits in. */
interface KnownTokenFormat {
  /** What it is, for messages (never the value). */
  label: string;
  pattern: RegExp;
}

/** Formats published by their issuers (prefix and length), so a match is a credential wherever it is. */
const FORMATS: KnownTokenFormat[] = [
  { label: 'AWS access key ID', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { label: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g },
  { label: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g },
  { label: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { label: 'Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}\b/g },
  { label: 'Slack webhook', pattern: /\bhooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/g },
  {
    label: 'Discord webhook',
    pattern: /\b(?:discord|discordapp)\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,}/g,
  },
  { label: 'Anthropic API key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  {
    label: 'OpenAI API key',
    pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?(?=[\w-]*\d)(?=[\w-]*[A-Z])[A-Za-z0-9_-]{20,}/g,
  },
  { label: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { label: 'Stripe secret key', pattern: /\b[sr]k_live_[0-9A-Za-z]{16,}\b/g },
  { label: 'Hugging Face token', pattern: /\bhf_[A-Za-z]{34}\b/g },
  { label: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { label: 'DigitalOcean token', pattern: /\bdo[por]_v1_[a-f0-9]{64}\b/g },
  { label: 'Tailscale key', pattern: /\btskey-(?:auth|api|client|webhook)-[A-Za-z0-9-]{10,}/g },
  { label: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { label: 'Telegram bot token', pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g },
  { label: 'age secret key', pattern: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g },
];

/** A known-format credential found in a text, with its offset; `value` stays inside the process, never in a message. */
export interface KnownToken {
  label: string;
  value: string;
  offset: number;
}

/** Cheap first pass: a text without any of the prefixes holds none of the formats (most texts). */
const ANY_PREFIX =
  /A[KSBC][IC]A|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|\/api\/webhooks\/|sk-|AIza|k_live_|hf_|npm_|_v1_|tskey-|SG\.|:AA|AGE-SECRET/;

/** Every credential of a known format in `text`, in order of appearance. */
export function knownTokens(text: string): KnownToken[] {
  if (!ANY_PREFIX.test(text)) return [];
  const found: KnownToken[] = [];
  for (const { label, pattern } of FORMATS) {
    for (const match of text.matchAll(pattern)) found.push({ label, value: match[0], offset: match.index ?? 0 });
  }
  return found.sort((a, b) => a.offset - b.offset);
}
