export * from './changes';
export * from './cluster';
export * from './git';
export * from './guardrails';
export * from './model-tools';
export * from './sops';
export * from './validation';
export * from './workspace';
