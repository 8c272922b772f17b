import { readFile } from 'node:fs/promises';
import { TriadError } from '@triad/core';
import { type StoredUser, UsersFile } from './user';

/** The users a `{"users": [...]}` file names; a missing or invalid file is a one-line error, not a silent admin. */
export async function readUsersFile(path: string): Promise<StoredUser[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw invalid(`cannot read TRIAD_USERS_FILE ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(`TRIAD_USERS_FILE ${path} is not JSON: write {"users": [...]}`);
  }
  const parsed = UsersFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`invalid users file ${path}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const names = parsed.data.users.map((user) => user.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw invalid(`invalid users file ${path}: ${twice} is listed twice`);
  return parsed.data.users;
}

function invalid(message: string) {
  return new TriadError(message, { code: 'invalid_users_file', domain: 'config' });
}
