import type { AdrDraft, Finding } from '@triad/core';
import type { AnalysisContext } from '../analysis-context';
import type { ManifestEditor } from './manifest-editor';

/** What a fixer did for one group of findings (its checks, one object). */
export interface FixPart {
  /** Plain-words title of the change, for tasks and the UI. */
  title: string;
  /** Commit subject, imperative, conventional-commit style. */
  subject: string;
  /** Commit body paragraph: what was wrong and what the change does. */
  body: string;
  /** Set when the change is a decision worth recording. */
  adr?: AdrDraft;
  /** What a person must do before the change can work (add an encrypted value with sops…); one line each. */
  humanSteps?: string[];
  /**
   * Files of the change written here in plain text that the tool layer must SOPS-encrypt (per `.sops.yaml`) before
   * the change leaves it. Only the deterministic fixer and the encryptor ever see their values.
   */
  encrypt?: string[];
  /** What a person must do once the change is applied (rotate a credential Git history keeps…); one line each. */
  followUps?: string[];
  /** Ids of the findings the edit resolves. */
  fixed: string[];
}

/** What a fixer reads besides the findings: the editor to change files with, and the analysis of the files. */
export interface FixInput {
  editor: ManifestEditor;
  context: AnalysisContext;
}

/** A YAML-aware fix for the findings of one or more checks. */
export interface Fixer {
  /** The checks whose findings it fixes. */
  checks: readonly string[];
  /** The title a task fixing this group would have, in plain words. */
  title(group: readonly Finding[]): string;
  /** Edits the files through `input.editor`; every finding of `group` is on the same object. */
  fix(group: readonly Finding[], input: FixInput): FixPart | { unfixable: string };
}
