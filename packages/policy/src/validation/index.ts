export * from './check-change';
export * from './revert-edits';
export * from './validate-proposal';
export * from './validation-problem';
export { MAX_ALIAS_COUNT } from './yaml-problems';
