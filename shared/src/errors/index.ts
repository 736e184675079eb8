// Error codes, the error tree and the error body shared by the server and the mini-program.
export * from './codes';
export * from './api-error.schema';
export * from './app-error';
export * from './zod-locale';
