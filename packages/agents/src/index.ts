export { createBuiltinCio } from './builtin/cio';
export { type BuiltinCoLeadOptions, createBuiltinCoLead } from './builtin/co-lead';
export { createBuiltinLead } from './builtin/lead';
export * from './model';
export * from './redaction';
export * from './types';
