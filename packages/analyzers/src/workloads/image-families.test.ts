import { describe, expect, it } from 'vitest';
import { missingCapabilities } from '../security/effective-capabilities';
import { imageFamily, imageReference } from './image-families';

describe('image families', () => {
  it.each([
    ['lscr.io/linuxserver/jellyfin:10.10.3', 'linuxserver'],
    ['ghcr.io/linuxserver/sonarr@sha256:abc', 'linuxserver'],
    ['linuxserver/plex', 'linuxserver'],
    ['ghcr.io/hotio/radarr:release', 'hotio'],
    ['ghcr.io/home-operations/sonarr:4.0', 'home-operations'],
    // Its node tooling runs as root to write into the host: not one of its rootless apps.
    ['ghcr.io/home-operations/cni-plugins:1.6.2', undefined],
    // Its GPU exporter runs as root (intel_gpu_top reads the GPU's performance counters).
    ['ghcr.io/onedr0p/intel-gpu-exporter:rolling', undefined],
    ['docker.io/dpage/pgadmin4:9.1', 'pgadmin'],
    ['pretix/standalone:2025.1.0', 'pretix'],
    ['ghcr.io/coder/code-server:4.117.0', 'code-server'],
    ['codercom/code-server:4.96.4', 'code-server'],
    ['lscr.io/linuxserver/code-server:4.96.4', 'linuxserver'],
    ['docker.io/pretix/standalone@sha256:abc', 'pretix'],
    ['mirror.gcr.io/coredns/coredns:1.14.7@sha256:abc', 'coredns'],
    ['registry.k8s.io/coredns/coredns:v1.11.1', 'coredns'],
    ['ghcr.io/0xerr0r/blocky:v0.26', 'dns-server'],
    ['adguard/adguardhome:v0.107', 'dns-server'],
    ['pihole/pihole:2025.03.0', 'dns-server'],
    ['mvance/unbound:1.22', 'dns-server'],
    ['ghcr.io/example/coredns-exporter:1', undefined],
    ['jellyfin/jellyfin:10.10.3', undefined],
    ['ghcr.io/example/linuxserver-fan:1', undefined],
  ])('%s is %s', (image, family) => {
    expect(imageFamily(image)?.id).toBe(family);
  });

  it('reads chart image maps as repo:tag, with a registry when one is given', () => {
    expect(imageReference({ image: { repository: 'ghcr.io/hotio/qbittorrent', tag: 'release' } })).toBe(
      'ghcr.io/hotio/qbittorrent:release',
    );
    expect(imageReference({ image: { registry: 'lscr.io', repository: 'linuxserver/calibre' } })).toBe(
      'lscr.io/linuxserver/calibre',
    );
    expect(imageReference({})).toBe('');
  });

  it('says which capabilities a root init would start without', () => {
    const needs = imageFamily('lscr.io/linuxserver/jellyfin')?.capabilities ?? [];
    expect(missingCapabilities(needs, { capabilities: { drop: ['ALL'] } })).toEqual([...needs]);
    expect(
      missingCapabilities(needs, { capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', ...needs.slice(1)] } }),
    ).toEqual([]);
    expect(missingCapabilities(needs, { capabilities: { drop: ['SETUID', 'NET_RAW'] } })).toEqual(['SETUID']);
    expect(missingCapabilities(needs, { privileged: true, capabilities: { drop: ['ALL'] } })).toEqual([]);
    expect(missingCapabilities(needs, undefined)).toEqual([]);
  });
});
