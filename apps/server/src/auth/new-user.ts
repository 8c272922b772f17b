import { Role } from './role';
import { hashToken, newToken } from './token';
import { StoredUser } from './user';

/** A new user's token (to hand over once) and the entry for the users file (which keeps only the hash). */
export async function newUser(spec: string): Promise<{ token: string; entry: StoredUser }> {
  const [name = '', role = 'viewer'] = spec.split(':');
  const parsedRole = Role.safeParse(role);
  if (!parsedRole.success) throw new Error(`unknown role "${role}": use viewer, approver or admin (name:role)`);
  const token = newToken(name);
  const entry = StoredUser.safeParse({ name, role: parsedRole.data, tokenHash: await hashToken(token) });
  if (!entry.success) throw new Error(`invalid user name "${name}": ${entry.error.issues[0]?.message}`);
  return { token, entry: entry.data };
}
