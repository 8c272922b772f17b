import { z } from 'zod';
import { type ModelToolName, TOOL_DESCRIPTIONS, TOOL_INPUTS } from './tool-schemas';

/** A tool as a model sees it: the shape every provider's tool-calling API takes. */
export interface ModelToolDefinition {
  name: ModelToolName;
  description: string;
  /** JSON Schema (draft 2020-12) of the input object. */
  inputSchema: Record<string, unknown>;
}

/** The repo tools as JSON-schema tool definitions, generated from their zod input schemas. */
export const MODEL_TOOLS: readonly ModelToolDefinition[] = (Object.keys(TOOL_INPUTS) as ModelToolName[]).map((name) => {
  const { $schema: _schema, ...inputSchema } = z.toJSONSchema(TOOL_INPUTS[name]) as Record<string, unknown>;
  return { name, description: TOOL_DESCRIPTIONS[name], inputSchema };
});
