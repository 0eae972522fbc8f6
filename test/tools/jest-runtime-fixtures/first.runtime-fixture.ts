// Run by test/tools/jest-runtime.integration.test.ts (not by npm test), with the other fixture file.
import { workerChecks } from "./checks";

workerChecks(__filename);
