/**
 * What a family of images needs from its container to start. Declared as data: adding a family is one entry.
 */
export interface ImageFamily {
  /** Stable identifier, used in evidence and sim events. */
  id: string;
  /** The family in plain words, for messages. */
  name: string;
  /** Matches the lower-cased image reference, registry included. */
  image: RegExp;
  /**
   * Capabilities it cannot start without: what a root init uses before it drops to the user it serves as, or what
   * the server itself needs (a DNS server binds port 53).
   */
  capabilities: readonly string[];
  /** Why it needs them, one sentence, for commit bodies and the pod's crash message. */
  reason: string;
  /** Directories where the app keeps its database and settings, by the family's convention. */
  statePaths?: readonly string[];
  /**
   * Members of the family that keep nothing in those directories: utilities configured by their environment alone
   * (matched against the lower-cased image reference). Grown as real repositories show them.
   */
  stateless?: RegExp;
  /** True when its init starts as root and drops to PUID/PGID (s6-overlay and the like): runAsNonRoot would stop it. */
  rootInit?: boolean;
  /** True when its images run as a non-root user of their own, whatever the pod sets. */
  rootless?: boolean;
  /**
   * True when it runs with every capability dropped but its own even as root: nothing in its start chowns files or
   * switches users (as the project's own Kubernetes manifests run it).
   */
  dropsAllAsRoot?: boolean;
  /**
   * True when a binary of its image carries file capabilities it needs (`setcap` in its build): with
   * `allowPrivilegeEscalation: false` (no_new_privs) they are not granted, and it fails at the call that needs them.
   */
  fileCapabilities?: boolean;
  /**
   * True when its start gains privileges through a setuid helper (its entrypoint runs its supervisor with `sudo`):
   * with `allowPrivilegeEscalation: false` (no_new_privs) the helper cannot, and the container never starts.
   */
  escalatesAtStart?: boolean;
  /**
   * The environment variable that sets the port it serves on, when its capabilities are only for a port below 1024:
   * set to 1024 or more, it needs none of them.
   */
  portEnv?: string;
}

/** What an s6-overlay (or similar) init does as root before it drops to PUID/PGID. */
const ROOT_INIT = ['CHOWN', 'SETUID', 'SETGID', 'DAC_OVERRIDE', 'FOWNER'] as const;
const ROOT_INIT_REASON =
  'its init starts as root, chowns /config to PUID/PGID and switches to that user, which needs CHOWN, SETUID, SETGID, DAC_OVERRIDE and FOWNER';

export const IMAGE_FAMILIES: readonly ImageFamily[] = [
  {
    id: 'linuxserver',
    name: 'LinuxServer.io (s6-overlay)',
    image: /^((lscr\.io|ghcr\.io|docker\.io|index\.docker\.io)\/)?linuxserver(-labs)?\//,
    capabilities: ROOT_INIT,
    reason: ROOT_INIT_REASON,
    rootInit: true,
    statePaths: ['/config'],
  },
  {
    id: 'hotio',
    name: 'hotio (s6-overlay)',
    image: /^((ghcr\.io|docker\.io|index\.docker\.io)\/)?hotio\//,
    capabilities: ROOT_INIT,
    reason: ROOT_INIT_REASON,
    rootInit: true,
    statePaths: ['/config'],
    // Its dynamic-DNS updater takes every setting from the environment and keeps its one cache in /dev/shm.
    stateless: /\/cloudflareddns(:|@|$)/,
  },
  {
    id: 'imagegenius',
    name: 'imagegenius (s6-overlay)',
    image: /^(ghcr\.io\/)?imagegenius\//,
    capabilities: ROOT_INIT,
    reason: ROOT_INIT_REASON,
    rootInit: true,
    statePaths: ['/config'],
  },
  {
    id: 'binhex',
    name: 'binhex (supervisord with PUID/PGID)',
    image: /^((ghcr\.io|docker\.io|index\.docker\.io)\/)?binhex\//,
    capabilities: ROOT_INIT,
    reason: ROOT_INIT_REASON,
    rootInit: true,
    statePaths: ['/config'],
  },
  {
    id: 'coredns',
    name: 'CoreDNS',
    image: /(^|\/)coredns\/coredns(:|@|$)/,
    capabilities: ['NET_BIND_SERVICE'],
    reason:
      'it serves DNS on port 53, below 1024: since 1.11 its image runs as a non-root user whose binary carries that file capability',
    dropsAllAsRoot: true,
    fileCapabilities: true,
  },
  {
    id: 'dns-server',
    name: 'DNS server',
    // dnsmasq, Unbound, BIND, Blocky, AdGuard Home, Pi-hole: each serves on port 53 (some drop to a user of their own
    // after binding it, which needs more: as root they are left to a person).
    image:
      /(^|\/)([^/]*dnsmasq[^/]*|[^/]*unbound[^/]*|bind9|internetsystemsconsortium\/bind9|blocky|adguardhome|pihole)(:|@|$)/,
    capabilities: ['NET_BIND_SERVICE'],
    reason: 'it serves DNS on port 53, below 1024, as the CoreDNS manifests of Kubernetes keep it',
  },
  {
    id: 'pgadmin',
    name: 'pgAdmin 4',
    image: /(^|\/)dpage\/pgadmin4(:|@|$)/,
    capabilities: ['NET_BIND_SERVICE'],
    reason:
      'it serves on port 80 as a non-root user through the NET_BIND_SERVICE file capability its Python binary carries',
    fileCapabilities: true,
    portEnv: 'PGADMIN_LISTEN_PORT',
  },
  {
    id: 'pretix',
    name: 'pretix (standalone image)',
    image: /(^|\/)pretix\/standalone(:|@|$)/,
    capabilities: [],
    reason: 'its entrypoint starts supervisord as root through sudo, which its image allows the pretix user',
    escalatesAtStart: true,
  },
  {
    id: 'code-server',
    name: 'code-server (coder image)',
    image: /^((ghcr\.io\/coder|docker\.io\/codercom|codercom)\/code-server)(:|@|$)/,
    capabilities: [],
    reason:
      'its entrypoint runs the setuid fixuid to match its user to the volume, and its terminal offers sudo, which needs privilege escalation',
    escalatesAtStart: true,
  },
  {
    id: 'home-operations',
    name: 'home-operations (rootless)',
    // Its apps; not its node tooling (the CNI plugins installer runs as root to write into the host), nor the GPU
    // exporter, which runs as root to read the GPU's performance counters.
    image: /^ghcr\.io\/(home-operations|onedr0p)\/(?!cni-plugins|intel-gpu-exporter)/,
    capabilities: [],
    reason: 'it runs as the user it is given and needs no capability',
    rootless: true,
    statePaths: ['/config'],
  },
];

/**
 * The family of the container's image, when what the family needs applies to it: one told by its port variable to
 * serve on an unprivileged port needs nothing of its family's.
 */
export function familyNeedsOf(container: Record<string, unknown>): ImageFamily | undefined {
  const family = imageFamily(imageReference(container));
  if (!family?.portEnv) return family;
  const port = Number(envValue(container, family.portEnv));
  return Number.isInteger(port) && port >= 1024 ? undefined : family;
}

/** The value a container's `env` gives `name` (a list of `{name, value}`, or a chart's map of name to value). */
function envValue(container: Record<string, unknown>, name: string): unknown {
  const env = container.env;
  if (Array.isArray(env)) {
    const entry = env.find((e) => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name);
    return (entry as { value?: unknown } | undefined)?.value;
  }
  if (typeof env === 'object' && env !== null) {
    const value = (env as Record<string, unknown>)[name];
    return typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value;
  }
  return undefined;
}

/** The family of an image reference, if it belongs to a known one. */
export function imageFamily(image: string): ImageFamily | undefined {
  const reference = image.trim().toLowerCase();
  return IMAGE_FAMILIES.find((family) => family.image.test(reference));
}

/**
 * The image a container names: a string (`repo:tag`), or a chart's `{registry, repository, tag}` map
 * (app-template, most charts). Empty when it names none.
 */
export function imageReference(container: Record<string, unknown>): string {
  const image = container.image;
  if (typeof image === 'string') return image;
  if (typeof image !== 'object' || image === null || Array.isArray(image)) return '';
  const { registry, repository, tag } = image as Record<string, unknown>;
  if (typeof repository !== 'string') return '';
  const name = typeof registry === 'string' && registry !== '' ? `${registry}/${repository}` : repository;
  return typeof tag === 'string' || typeof tag === 'number' ? `${name}:${tag}` : name;
}
