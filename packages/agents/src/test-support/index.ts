export { testContext } from './agent-context';
