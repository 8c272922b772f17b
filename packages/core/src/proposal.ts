import { z } from 'zod';

/** A whole-file change. `before` pins the content the edit was drafted against, so a stale edit is detected. */
export const FileEdit = z.object({
  /** Repo-relative POSIX path. */
  path: z.string().min(1),
  /** Content the file had when the edit was drafted; null when the file is created. */
  before: z.string().nullable(),
  /** New content; null when the file is removed. */
  after: z.string().nullable(),
});
export type FileEdit = z.infer<typeof FileEdit>;

export const AdrDraft = z.object({
  title: z.string().min(1),
  context: z.string(),
  decision: z.string(),
  consequences: z.string(),
  alternatives: z.array(z.string()).default([]),
});
export type AdrDraft = z.infer<typeof AdrDraft>;

export const Proposal = z.object({
  taskId: z.string(),
  /** 1 for the first draft, +1 after each request for changes. */
  revision: z.number().int().positive(),
  /** Git revision (sha) of the branch the edits were drafted against. */
  baseRevision: z.string(),
  edits: z.array(FileEdit).min(1),
  /** First line is the subject; trailers are added at commit time, never by the drafter. */
  commitMessage: z.string().min(1),
  adr: AdrDraft.optional(),
  /** Unified diff of `edits`, for reviewers and the UI. */
  diff: z.string(),
  /** Finding ids the drafter says this proposal fixes. */
  addresses: z.array(z.string()).default([]),
  /** What a person must do before the change can work (add a value with sops…), one line each. */
  humanSteps: z.array(z.string()).optional(),
  /** What a person must do once it is applied (rotate a credential Git history keeps…), one line each. */
  followUps: z.array(z.string()).optional(),
  draftedBy: z.string(),
  createdAt: z.string(),
});
export type Proposal = z.infer<typeof Proposal>;
