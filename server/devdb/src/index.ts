// @sanwu/devdb — embedded MongoDB-wire-compatible server for development, demo and tests.
export { startDevDb, type DevDb, type DevDbOptions } from './server';
export { Store } from './store';
