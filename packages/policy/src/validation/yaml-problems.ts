import { parseYamlDocuments } from '@triad/analyzers';
import { isYamlPath } from '@triad/core';
import { MAX_ALIAS_COUNT, parseYaml } from '../changes/yaml-file';
import type { ValidationProblem } from './validation-problem';

export { MAX_ALIAS_COUNT };

/**
 * Parse problems of a YAML file, every document of it: syntax errors, duplicate keys (which Kubernetes and kustomize
 * treat differently, so the intent is ambiguous), and alias bombs. Empty for a file that parses, or is not YAML.
 */
export function yamlProblems(path: string, text: string): ValidationProblem[] {
  if (!isYamlPath(path)) return [];
  // The guardrails parse the same text the same way (duplicate keys are errors, aliases capped), and keep the result:
  // a text that parses there has no problem here, and only one that fails is parsed again for the message.
  if (parseYaml(text).ok) return [];
  const docs = parseYamlDocuments(text, { uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  for (const doc of Array.isArray(docs) ? docs : []) {
    const error = doc.errors[0];
    if (error) {
      const duplicate = error.code === 'DUPLICATE_KEY';
      const line = error.linePos?.[0].line;
      return [
        {
          rule: duplicate ? 'yaml-duplicate-key' : 'yaml-invalid',
          path,
          message: `${path}${line ? `:${line}` : ''} ${duplicate ? 'has a duplicate key' : 'is not valid YAML'} (${error.message.split('\n')[0]}): ${duplicate ? 'keep one of the two entries' : 'fix the syntax'}.`,
        },
      ];
    }
    try {
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      const bomb = /alias/i.test(reason ?? '');
      return [
        {
          rule: bomb ? 'yaml-alias-bomb' : 'yaml-invalid',
          path,
          message: bomb
            ? `${path} expands YAML aliases more than ${MAX_ALIAS_COUNT} times (an alias bomb): write the values out instead.`
            : `${path} is not valid YAML (${reason}): fix it.`,
        },
      ];
    }
  }
  return [];
}
