export * from './check-proposal';
export * from './credential-key';
export { credentialCandidatesOf } from './credential-literal';
export * from './entropy';
export * from './path-rules';
export * from './refusal';
export * from './risk-floor';
export { redactCredentials, type TextCredential, textCredentials } from './text-credentials';
