import { asRecord } from './k8s-object';

/** A Secret an operator makes from an object of the repository. */
export interface ProducedSecret {
  name: string;
  /** The keys the object lists. */
  keys: string[];
  /** False when it may hold keys the repository does not show (a whole entry read from a store, a key list unknown). */
  complete: boolean;
}

/**
 * The Secret an operator makes from an object of the repository: an ExternalSecret (named by `spec.target.name`, else
 * its own name; its keys are its template's and its `data` entries', and more when `dataFrom` or `templateFrom`
 * bring them), a SealedSecret (its `encryptedData` and template keys), a 1Password item, a Vault or Infisical secret
 * (keys unknown). Undefined for any other object.
 */
export function producedSecret(object: unknown): ProducedSecret | undefined {
  const record = asRecord(object);
  const spec = asRecord(record?.spec);
  const own = asRecord(record?.metadata)?.name;
  const named = (name: unknown, keys: string[], complete: boolean) =>
    typeof name === 'string' && name !== '' ? { name, keys, complete } : undefined;
  switch (record?.kind) {
    case 'ExternalSecret': {
      const target = asRecord(spec?.target);
      const template = asRecord(target?.template);
      const fromData = (Array.isArray(spec?.data) ? spec.data : []).flatMap((entry) => {
        const key = asRecord(entry)?.secretKey;
        return typeof key === 'string' ? [key] : [];
      });
      const keys = [...new Set([...fromData, ...Object.keys(asRecord(template?.data) ?? {})])];
      return named(target?.name ?? own, keys, spec?.dataFrom === undefined && template?.templateFrom === undefined);
    }
    case 'SealedSecret': {
      const template = asRecord(spec?.template);
      const keys = [spec?.encryptedData, template?.data].flatMap((data) => Object.keys(asRecord(data) ?? {}));
      return named(asRecord(template?.metadata)?.name ?? own, keys, true);
    }
    case 'OnePasswordItem':
    case 'InfisicalSecret':
      return named(own, [], false);
    case 'VaultStaticSecret':
    case 'VaultDynamicSecret':
      return named(asRecord(spec?.destination)?.name, [], false);
    default:
      return undefined;
  }
}
