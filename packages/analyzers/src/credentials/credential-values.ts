import { asRecord } from '../parse/k8s-object';
import { isCredentialKey, isSafeCredentialValue } from './credential-key';
import { highEntropyTokens } from './entropy';

/** Why a value looks like a credential; the value itself is never kept. */
export type CredentialReason = 'credential-name' | 'generated-looking' | 'config-line';

const CONFIG_LINE = /^\s*["']?([\w.-]+)["']?\s*[:=]\s*["']?([^"'\s#]+)/;

/**
 * Why `value`, stored under `key`, looks like a literal credential, or undefined: a credential-named key with a
 * literal value, a generated-looking token, or a `password = …` line inside a config file. Placeholders (`${VAR}`,
 * `$(VAR)`), `op://` and `vault:` references and SOPS ciphertext never count.
 */
export function credentialReason(key: string | undefined, value: unknown): CredentialReason | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  if (isSafeCredentialValue(text)) return undefined;
  if (key !== undefined && isCredentialKey(key)) return 'credential-name';
  if (highEntropyTokens(text).length > 0) return 'generated-looking';
  if (text.includes('\n')) {
    for (const line of text.split('\n')) {
      const match = CONFIG_LINE.exec(line);
      if (match && isCredentialKey(match[1]!) && !isSafeCredentialValue(match[2])) return 'config-line';
    }
  }
  return undefined;
}

/** An env entry of a container: list form (`- name: X\n  value: y`) or map form (`X: y`, app-template). */
export interface EnvEntry {
  name: string;
  /** Position in the list, or the key in the map. */
  index: number | string;
  /** The literal value (undefined for `valueFrom` entries). */
  value: unknown;
}

export function envEntries(env: unknown): EnvEntry[] {
  if (Array.isArray(env)) {
    return env.flatMap((item, index) => {
      const record = asRecord(item);
      return record && typeof record.name === 'string' && 'value' in record
        ? [{ name: record.name, index, value: record.value }]
        : [];
    });
  }
  return Object.entries(asRecord(env) ?? {}).flatMap(([name, value]) =>
    asRecord(value) ? [] : [{ name, index: name, value }],
  );
}
