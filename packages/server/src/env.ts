import { isIP } from 'node:net';
import { maxDuration } from '@triad/core';
import { envFlag, ForgeEnv, LayoutEnv, ModelEnv, parseEnv, StateEnv } from '@triad/orchestrator';
import { z } from 'zod';

/** The server's whole configuration, read from the environment once, here and nowhere else. */
const Env = z
  .object({
    /** Address and port to listen on. */
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Base URL people reach the server at: links in webhooks, and `Secure` cookies when it is https. */
    TRIAD_PUBLIC_URL: z.url().optional(),
    /** A JSON file `{"users": [{"name", "role", "tokenHash"}]}`; `triad serve --new-user name:role` prints an entry. */
    TRIAD_USERS_FILE: z.string().optional(),
    /** Signs login cookies; without it a random secret is kept in Redis, shared by every server on the prefix. */
    TRIAD_COOKIE_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
    /** Called when a change starts waiting for a person. */
    TRIAD_WEBHOOK_URL: z.url().optional(),
    /** `slack` (Slack-compatible JSON, also Mattermost, Rocket.Chat, Discord's /slack) or `ntfy`. */
    TRIAD_WEBHOOK_FORMAT: z.enum(['slack', 'ntfy']).default('slack'),
    /** A critical change needs two different approvers. */
    TRIAD_FOUR_EYES: envFlag(),
    /** Reverse proxies (comma-separated addresses or CIDRs) whose X-Forwarded-For names the client; none by default. */
    TRIAD_TRUST_PROXY: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .refine((entries) => entries.every(isAddressOrCidr), {
        message: 'list proxy addresses or CIDRs, comma-separated, e.g. 10.0.0.5,10.42.0.0/16',
      }),
    /** The longest session (and approval timeout) a start request may ask for, like `14d`; 7 days when unset. */
    TRIAD_MAX_DURATION: z
      .string()
      .optional()
      .transform((value, context) => {
        try {
          return maxDuration(value);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    /** Login attempts per client and minute. */
    TRIAD_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .extend(StateEnv.shape)
  .extend(ModelEnv.shape)
  .extend(ForgeEnv.shape)
  .extend(LayoutEnv.shape);
export type ServerEnv = z.infer<typeof Env>;

function isAddressOrCidr(entry: string): boolean {
  const [address = '', bits, ...extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra.length > 0) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): ServerEnv {
  return parseEnv(Env, source);
}
