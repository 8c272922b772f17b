import { asRecord, getPath } from '../parse/k8s-object';
import { describeContainer, workloadContainers } from '../workloads/workload-containers';
import { type Check, wholeObjects } from './check';
import { containerFinding } from './container-finding';

export const MISSING_RESOURCE_LIMITS = 'missing-resource-limits';

/**
 * A container with no memory limit can take a node's memory and get its neighbours OOM-killed; with no requests at
 * all the scheduler places it blind. CPU limits are not asked for (they throttle more than they protect). Read on
 * manifests and on the values of charts that render only what the values say (app-template: no default resources);
 * other charts set their own defaults.
 */
export const missingResourceLimits: Check = {
  id: MISSING_RESOURCE_LIMITS,
  description: 'A container has no memory limit (or no resource requests at all).',
  run(context) {
    return wholeObjects(context)
      .flatMap(workloadContainers)
      .flatMap((target) => {
        if (target.source !== 'manifest' && !target.chart?.rendersOnlyValues) return [];
        const limits = asRecord(getPath(target.container, ['resources', 'limits']));
        const requests = asRecord(getPath(target.container, ['resources', 'requests']));
        if (limits?.memory !== undefined) return [];
        const noRequests = !requests || Object.keys(requests).length === 0;
        return [
          containerFinding(MISSING_RESOURCE_LIMITS, target, {
            severity: 'low',
            category: 'resources',
            field: ['resources'],
            message:
              `${describeContainer(target)} has no memory limit${noRequests ? ' and no resource requests' : ''}: ` +
              'one leak can exhaust the node and get other pods OOM-killed. Set requests from observed usage and a memory limit.',
            fixable: false,
          }),
        ];
      });
  },
};
