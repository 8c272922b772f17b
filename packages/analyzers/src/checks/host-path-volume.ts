import type { Finding } from '@triad/core';
import { findingId } from '../finding-id';
import { asRecord, displayName } from '../parse/k8s-object';
import { lineOf } from '../parse/manifest-document';
import { podSettings } from '../workloads/pod-specs';
import type { Check } from './check';

export const HOST_PATH_VOLUME = 'host-path-volume';

/** Host paths that hand over the node: the container runtime's socket, the root, /etc, /proc. */
const NODE_TAKEOVER =
  /^\/(|etc|proc|sys|root|var\/run\/docker\.sock|run\/docker\.sock|run\/containerd(\/.*)?|var\/run\/containerd(\/.*)?|var\/lib\/kubelet)\/?$/;

/**
 * Baseline standard: no hostPath volumes. Read in pod specs and anywhere in HelmRelease values (`volumes` entries,
 * and app-template's `persistence.<name>.type: hostPath`).
 */
export const hostPathVolume: Check = {
  id: HOST_PATH_VOLUME,
  description: 'A pod mounts a directory of the node (hostPath volume).',
  run({ documents }) {
    const findings: Finding[] = [];
    for (const site of documents.flatMap(podSettings)) {
      const hostPaths: { name: string; path: string; at: (string | number)[] }[] = [];
      if (site.source === 'manifest') {
        const volumes = Array.isArray(site.settings.volumes) ? site.settings.volumes : [];
        volumes.forEach((volume, i) => {
          const hostPath = asRecord(asRecord(volume)?.hostPath);
          if (!hostPath) return;
          const name = String(asRecord(volume)?.name ?? `#${i}`);
          hostPaths.push({ name, path: String(hostPath.path ?? ''), at: [...site.path, 'volumes', i, 'hostPath'] });
        });
      } else {
        const hostPath = site.settings.hostPath;
        const record = asRecord(hostPath);
        const last = site.path[site.path.length - 1];
        if (record && typeof record.path === 'string') {
          hostPaths.push({
            name: String(site.settings.name ?? last),
            path: record.path,
            at: [...site.path, 'hostPath'],
          });
        } else if (site.settings.type === 'hostPath' && typeof hostPath === 'string') {
          hostPaths.push({ name: String(last), path: hostPath, at: [...site.path, 'hostPath'] });
        }
      }
      for (const { name, path, at } of hostPaths) {
        const takeover = NODE_TAKEOVER.test(path);
        findings.push({
          id: findingId(HOST_PATH_VOLUME, site.ref, name),
          check: HOST_PATH_VOLUME,
          severity: takeover ? 'critical' : 'high',
          category: 'security',
          resource: site.ref,
          file: site.document.file,
          line: lineOf(site.document, at),
          message:
            `${site.ref.kind} ${displayName(site.ref)} mounts ${path} of the node (hostPath volume ${name})` +
            (takeover ? ', which hands over the node itself.' : ': it is tied to one node and can read or change it.') +
            ' Use a PersistentVolumeClaim, or a device plugin for devices (Baseline Pod Security Standard).',
          fixable: false,
          evidence: { volume: name, path },
        });
      }
    }
    return findings;
  },
};
