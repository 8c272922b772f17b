export * from './model-tool-definitions';
export * from './model-tool-executor';
export { type ModelToolName, TOOL_INPUTS } from './tool-schemas';
