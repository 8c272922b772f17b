import { TriadError } from '@triad/core';
import { Role } from './role';
import { hashToken, newToken } from './token';
import { StoredUser } from './user';

/** A new user's token (to hand over once) and the entry for the users file (which keeps only the hash). */
export async function newUser(spec: string): Promise<{ token: string; entry: StoredUser }> {
  const [name = '', role = 'viewer'] = spec.split(':');
  const parsedRole = Role.safeParse(role);
  if (!parsedRole.success) {
    throw new TriadError(`unknown role "${role}": use viewer, approver or admin (name:role)`, {
      code: 'invalid_user',
      domain: 'user',
    });
  }
  const token = newToken(name);
  const entry = StoredUser.safeParse({ name, role: parsedRole.data, tokenHash: await hashToken(token) });
  if (!entry.success) {
    throw new TriadError(`invalid user name "${name}": ${entry.error.issues[0]?.message}`, {
      code: 'invalid_user',
      domain: 'user',
    });
  }
  return { token, entry: entry.data };
}
