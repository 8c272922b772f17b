export { type CheckedRevert, revertChecked } from './checked-revert';
export * from './repo-workspace';
export { sopsView } from './sops-view';
export { readSpecialEntries, resolveSymlink, type SpecialEntry } from './special-entries';
export * from './workspace-refusal';
