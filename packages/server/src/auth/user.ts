import { z } from 'zod';
import { Role } from './role';

/** A person who may use the server, as configuration (or the first start) stores them. */
export const StoredUser = z.object({
  /** Shown in the UI and recorded as `Approved-by`. */
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[^\s,:][^,:]*$/, 'a name has no commas or colons and does not start with a space'),
  role: Role,
  /** `scrypt$<salt>$<key>` of the person's token; the token itself is never stored. */
  tokenHash: z.string().startsWith('scrypt$'),
});
export type StoredUser = z.infer<typeof StoredUser>;

/** The users file: `{"users": [...]}`. */
export const UsersFile = z.object({ users: z.array(StoredUser) });

/** Who made a request: the user and how they proved it. */
export interface Principal {
  name: string;
  role: Role;
  /** A cookie needs a CSRF token on state-changing requests; a bearer token does not (browsers never send it alone). */
  via: 'cookie' | 'bearer';
}
