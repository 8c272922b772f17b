export * from './change-item';
export * from './describe-changes';
export * from './field-path';
export * from './value-diff';
export * from './yaml-file';
