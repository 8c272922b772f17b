import type { AdrDraft } from '@triad/core';

/** What `fixFindings` produced. */
export type FixOutcome =
  | {
      kind: 'fixed';
      /** Changed and created files only: repo-relative path → new content. */
      files: Map<string, string>;
      /** Files the change removes. */
      removed?: string[];
      /**
       * Files of `files` that hold values in plain text and must be SOPS-encrypted by the tool layer before the
       * change goes anywhere (a model, Redis, a commit). Never set for a file the change does not write.
       */
      encrypt?: string[];
      /** Plain-words title of the whole change. */
      title: string;
      /** Imperative subject, a blank line, a body naming the findings. No trailers. */
      commitMessage: string;
      /** Set when the change records a decision. */
      adr?: AdrDraft;
      /** What a person must do before the change can work, one line each (from the fixers). */
      humanSteps?: string[];
      /** What a person must do once the change is applied (rotate a leaked credential…), one line each. */
      followUps?: string[];
      /** Ids of the findings the change resolves. */
      fixed: string[];
      /** Findings asked for that the change leaves out, one line each: `<finding id>: <why no fix>`. */
      unfixed?: string[];
    }
  | {
      kind: 'unfixable';
      /** Why no safe edit exists, one line per group that failed. */
      reason: string;
    };
