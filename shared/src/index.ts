// @sanwu/shared — types, zod schemas and pure domain rules used by the server and the mini-program.
// Each folder owns one concern and its own barrel; add new folders here.
export * from './errors';
export * from './http';
export * from './calendar';
export * from './deadlines';
export * from './thresholds';
export * from './catalogue';
export * from './state';
export * from './integrity';
export * from './identity';
export * from './finance';
export * from './feedback';
export * from './disclosures';
export * from './supervision';
