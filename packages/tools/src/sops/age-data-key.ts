import { armor, Encrypter } from 'age-encryption';

/** One entry of the `sops.age` list: the recipient, and the data key encrypted to it as an armored age file. */
export interface AgeKeyEntry {
  recipient: string;
  enc: string;
}

/** Encrypts the file's data key to each recipient on its own, as sops does, so any one identity opens it. */
export async function encryptDataKey(dataKey: Buffer, recipients: readonly string[]): Promise<AgeKeyEntry[]> {
  const entries: AgeKeyEntry[] = [];
  for (const recipient of recipients) {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const file = await encrypter.encrypt(new Uint8Array(dataKey));
    const armored = armor.encode(file);
    entries.push({ recipient, enc: armored.endsWith('\n') ? armored : `${armored}\n` });
  }
  return entries;
}
