import { appTemplate } from './app-template';
import type { ChartDeclaration } from './chart-declaration';
import { grafana } from './grafana';
import { intelGpuResourceDriver } from './intel-gpu-resource-driver';
import { kubePrometheusStack } from './kube-prometheus-stack';
import { ollama } from './ollama';

/** Every chart Triad knows, most used first: the first whose `recognise` accepts the values wins. */
export const CHARTS: readonly ChartDeclaration[] = [
  appTemplate,
  kubePrometheusStack,
  grafana,
  ollama,
  intelGpuResourceDriver,
];

/** The declaration of a chart by name, if Triad knows it. */
export function chartNamed(name: string): ChartDeclaration | undefined {
  return CHARTS.find((chart) => chart.names.includes(name));
}
