/** The analyzers and the guardrails judge credential names and values the same way. */
export { isCredentialKey, isSafeCredentialValue } from '@triad/analyzers';
