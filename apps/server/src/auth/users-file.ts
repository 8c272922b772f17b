import { readFile } from 'node:fs/promises';
import { type StoredUser, UsersFile } from './user';

/** The users a `{"users": [...]}` file names; a missing or invalid file is a one-line error, not a silent admin. */
export async function readUsersFile(path: string): Promise<StoredUser[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read TRIAD_USERS_FILE ${path}: ${(error as Error).message}`);
  }
  const parsed = UsersFile.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid users file ${path}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const names = parsed.data.users.map((user) => user.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new Error(`invalid users file ${path}: ${twice} is listed twice`);
  return parsed.data.users;
}
