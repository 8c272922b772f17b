/** Commit trailers: `git log` is the audit trail, and a retried apply finds its own commit by `Triad-Task`. */
export const TRAILERS = {
  session: 'Triad-Session',
  task: 'Triad-Task',
  risk: 'Triad-Risk',
  reviewedBy: 'Reviewed-by',
  approvedBy: 'Approved-by',
  reverts: 'Triad-Reverts',
} as const;
