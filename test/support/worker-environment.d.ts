import { TestEnvironment } from 'jest-environment-node';

/** jest's node environment whose test files, in one worker, share one VM context. */
export default class WorkerEnvironment extends TestEnvironment {}
