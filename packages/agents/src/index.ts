// The three roles, each with a rule-based (builtin) and a model-backed implementation, then what they share.
export { createBuiltinCio } from './cio/builtin/cio';
export { createModelCio } from './cio/model/model-cio';
export { type BuiltinCoLeadOptions, createBuiltinCoLead } from './co-lead/builtin/co-lead';
export { createModelCoLead } from './co-lead/model/model-co-lead';
export { createBuiltinLead } from './lead/builtin/lead';
export type { ClusterReader } from './lead/model/cluster-reader';
export { DraftToolBox, type DraftToolBoxOptions } from './lead/model/draft-tool-box';
export type { LeadDraftOptions } from './lead/model/lead-draft';
export { FINISH_AND_CLUSTER_TOOLS, LEAD_TOOLS } from './lead/model/lead-tool-definitions';
export { createModelLead } from './lead/model/model-lead';
export * from './redaction';
export * from './shared';
export * from './types';
