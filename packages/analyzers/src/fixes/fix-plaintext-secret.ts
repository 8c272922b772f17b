import { PLAINTEXT_SECRET } from '../checks/plaintext-secret';
import { displayName } from '../parse/k8s-object';
import { sopsPlanFor } from '../sops/sops-plan';
import { fixTarget } from './fix-target';
import type { Fixer } from './fixer';
import { decryptWhereBuilt, listInKustomization } from './sops-file-wiring';

/**
 * Encrypts a plaintext Secret with SOPS: in place when `.sops.yaml` has age recipients for its path, else as
 * `<name>.sops.yaml` beside it when a rule matches that name (kustomization.yaml follows the rename). The Flux
 * Kustomizations that build it get `spec.decryption`. The Secret must have its file to itself: sops encrypts files.
 */
export const fixPlaintextSecret: Fixer = {
  checks: [PLAINTEXT_SECRET],
  title: (group) => `Encrypt Secret ${group[0] ? displayName(group[0].resource) : ''} with SOPS`,
  fix(group, { editor, context }) {
    const target = fixTarget(group, editor);
    if ('unfixable' in target) return target;
    const { first, file } = target;
    if (editor.documentCount(file) !== 1) {
      return { unfixable: `${file} holds other objects besides the Secret: move it to its own file, then encrypt it` };
    }
    const inPlace = sopsPlanFor(context.files, file);
    const renamed = file.replace(/(\.sops)?\.ya?ml$/, '.sops.yaml');
    const beside = inPlace.kind === 'age' || renamed === file ? inPlace : sopsPlanFor(context.files, renamed);
    if (beside.kind !== 'age') {
      return { unfixable: `Triad cannot encrypt ${file}: ${inPlace.kind === 'none' ? inPlace.reason : ''}` };
    }
    const encrypted = inPlace.kind === 'age' ? file : renamed;
    if (encrypted !== file) {
      if (editor.exists(encrypted)) return { unfixable: `${encrypted} already exists` };
      const doc = editor.documentAt(file);
      editor.createFile(encrypted, doc?.toJS());
      editor.removeFile(file);
      listInKustomization(editor, encrypted, file);
    }
    const decrypting = decryptWhereBuilt(editor, context, file);
    const name = displayName(first.resource);
    const keys = Array.isArray(first.evidence?.keys) ? first.evidence.keys.map(String) : [];
    const moved =
      encrypted === file ? `in place` : `as ${encrypted} (renamed from ${file}, so .sops.yaml's rule applies)`;
    return {
      title: fixPlaintextSecret.title(group),
      subject: `fix(security): encrypt Secret ${name} with SOPS`,
      body:
        `Secret ${name} was committed in plain text (${keys.join(', ') || 'its data'}), readable by anyone with the ` +
        `repository. Encrypt it ${moved} to the age recipients .sops.yaml names for it.` +
        decrypting +
        ' The old values stay in Git history: rotate them.',
      encrypt: [encrypted],
      followUps: [
        `rotate ${keys.join(', ') || 'the values'} of Secret ${name}: the old values stay in Git history at ${file}${first.line ? ` (line ${first.line})` : ''}`,
      ],
      fixed: group.map((f) => f.id),
    };
  },
};
