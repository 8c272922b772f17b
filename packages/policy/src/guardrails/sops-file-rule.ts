import type { FileEdit } from '@triad/core';
import type { Refusal } from './refusal';

/** The `mac:` of a file's top-level `sops` map: what SOPS checks the decrypted content against. */
function sopsMac(text: string | null): string | undefined {
  if (text === null || !/^sops:[ \t]*$/m.test(text)) return undefined;
  return /^[ \t]+mac:[ \t]*(\S.*?)[ \t]*$/m.exec(text)?.[1];
}

/**
 * `sops-mac-broken`: an edit of a SOPS-encrypted file that keeps its old MAC while changing what it holds, as an edit
 * in plain text does: SOPS refuses to decrypt it, and the Flux Kustomization that builds it stops applying anything.
 * A file Triad encrypts again (`@triad/tools`' SOPS) gets a new MAC and passes.
 */
export function checkSopsFile(edit: FileEdit): Refusal[] {
  const before = sopsMac(edit.before);
  if (before === undefined || edit.after === null || edit.after === edit.before) return [];
  if (sopsMac(edit.after) !== before) return [];
  return [
    {
      rule: 'sops-mac-broken',
      path: edit.path,
      message: `${edit.path} is SOPS-encrypted and the edit changes it without encrypting it again (its MAC is still the old content's): SOPS and Flux would refuse to decrypt it; make the change with sops --edit, or through Triad's SOPS tool.`,
    },
  ];
}
