// The suites run with the parse cache on, as sessions do (the CLI's scan runs with it off): a check that changed a
// cached, frozen document would throw here.
import { setParseCacheLimit } from './parse/parse-manifests';

setParseCacheLimit(64 * 1024 * 1024);
