import { KubeConfig } from '@kubernetes/client-node';
import { TriadError } from '@triad/core';

/** Where the reader finds its credentials. */
export interface KubeConfigSource {
  /** Path of a kubeconfig file. */
  kubeconfig?: string;
  /** Context of that file to use; its current context when absent. */
  context?: string;
  /** Use the pod's service account (in-cluster config) instead of a file. */
  inCluster?: boolean;
}

/** Loads a kubeconfig (with the context selected) or the in-cluster config; one readable line when it cannot. */
export function loadKubeConfig(source: KubeConfigSource): { config: KubeConfig; name: string } {
  const config = new KubeConfig();
  if (source.inCluster) {
    config.loadFromCluster();
    return { config, name: 'in-cluster' };
  }
  if (!source.kubeconfig) {
    throw new TriadError('no kubeconfig given: pass --kubeconfig <file> (or run in the cluster)', {
      code: 'kubeconfig_missing',
      domain: 'config',
    });
  }
  try {
    config.loadFromFile(source.kubeconfig);
  } catch (error) {
    throw new TriadError(`cannot read kubeconfig ${source.kubeconfig}: ${(error as Error).message.split('\n')[0]}`, {
      code: 'kubeconfig_invalid',
      domain: 'config',
      cause: error,
    });
  }
  if (source.context) {
    if (!config.getContexts().some((context) => context.name === source.context)) {
      const known = config.getContexts().map((context) => context.name);
      throw new TriadError(
        `kubeconfig ${source.kubeconfig} has no context "${source.context}": use one of ${known.join(', ') || '(none)'}`,
        { code: 'kube_context_unknown', domain: 'config' },
      );
    }
    config.setCurrentContext(source.context);
  }
  if (!config.getCurrentCluster()) {
    throw new TriadError(`kubeconfig ${source.kubeconfig} names no cluster for its current context: pass --context`, {
      code: 'kubeconfig_invalid',
      domain: 'config',
    });
  }
  return { config, name: config.getCurrentContext() };
}
