export type { ModelAgentOptions } from './model-agent-options';
export { DEFAULT_PROMPTS_DIR, loadSystemPrompt, type PromptRole, type SystemPrompt } from './system-prompt';
export type { RecordedOutcome, ToolBox, ToolOutcome } from './tool-box';
export { DEFAULT_TOOL_LOOP_LIMITS, runToolLoop, type ToolLoopEnd, type ToolLoopLimits } from './tool-loop';
