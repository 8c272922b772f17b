export * from './cluster';
export * from './forge';
export * from './git';
export * from './model-tools';
export * from './sops';
export * from './workspace';
