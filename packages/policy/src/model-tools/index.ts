export * from './model-tool-definitions';
export { type ModelToolName, TOOL_INPUTS } from './tool-schemas';
