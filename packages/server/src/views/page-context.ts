import type { Principal } from '../auth/user';

/** What every page needs besides its own data. */
export interface PageContext {
  /** The person looking; undefined on the login page. */
  principal?: Principal;
  /** For the forms on the page (logout included). */
  csrfToken?: string;
  /** Shown as a badge on the Approvals link. */
  pendingApprovals?: number;
}
