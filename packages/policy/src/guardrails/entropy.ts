/** The analyzers and the guardrails judge generated-looking strings the same way. */
export { highEntropyTokens, shannonEntropy } from '@triad/analyzers';
