import { sopsMacOf } from '@triad/analyzers';
import type { FileEdit } from '@triad/core';
import type { Refusal } from './refusal';

/**
 * `sops-mac-broken`: an edit of a SOPS-encrypted file that keeps its old MAC while changing what it holds, as an edit
 * in plain text does: SOPS refuses to decrypt it, and the Flux Kustomization that builds it stops applying anything.
 * A file Triad encrypts again (`@triad/tools`' SOPS) gets a new MAC and passes.
 */
export function checkSopsFile(edit: FileEdit): Refusal[] {
  const before = sopsMacOf(edit.before);
  if (before === undefined || edit.after === null || edit.after === edit.before) return [];
  if (sopsMacOf(edit.after) !== before) return [];
  return [
    {
      rule: 'sops-mac-broken',
      path: edit.path,
      message: `${edit.path} is SOPS-encrypted and the edit changes it without encrypting it again (its MAC is still the old content's): SOPS and Flux would refuse to decrypt it; make the change with sops --edit, or through Triad's SOPS tool.`,
    },
  ];
}
