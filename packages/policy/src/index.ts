export * from './changes';
export * from './guardrails';
export * from './model-tools';
export * from './validation';
