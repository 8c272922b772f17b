import type { ChartDeclaration } from './chart-declaration';

/**
 * Intel's GPU DRA driver (intel-resource-drivers-for-kubernetes): its kubelet plugin runs privileged when
 * `kubeletPlugin.privileged` is true, a switch of the chart's own rather than a securityContext.
 */
export const intelGpuResourceDriver: ChartDeclaration = {
  names: ['intel-gpu-resource-driver', 'intel-gpu-resource-driver-chart'],
  rendersOnlyValues: false,
  containers: [],
  privilegedSwitches: [
    {
      path: ['kubeletPlugin', 'privileged'],
      component: 'kubelet-plugin',
      expected: 'a node-level device driver that publishes the GPUs to the kubelet',
    },
  ],
};
