export * from './model-tool-executor';
