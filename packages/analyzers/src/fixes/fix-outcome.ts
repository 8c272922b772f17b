import type { AdrDraft } from '@triad/core';

/** What `fixFindings` produced. */
export type FixOutcome =
  | {
      kind: 'fixed';
      /** Changed files only: repo-relative path → new content. */
      files: Map<string, string>;
      /** Plain-words title of the whole change. */
      title: string;
      /** Imperative subject, a blank line, a body naming the findings. No trailers. */
      commitMessage: string;
      /** Set when the change records a decision. */
      adr?: AdrDraft;
      /** What a person must do before the change can work, one line each (from the fixers). */
      humanSteps?: string[];
      /** Ids of the findings the change resolves. */
      fixed: string[];
    }
  | {
      kind: 'unfixable';
      /** Why no safe edit exists, one line per group that failed. */
      reason: string;
    };
