export * from './changes';
export * from './cluster';
export * from './git';
export * from './guardrails';
