// The suites run with the analyzers' parse cache on, as sessions do: validation that changed a cached, frozen
// document would throw here.
import { setParseCacheLimit } from '@triad/analyzers';

setParseCacheLimit(64 * 1024 * 1024);
