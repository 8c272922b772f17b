export * from './changes';
export * from './git';
export * from './guardrails';
