// Supervision: overview figures, compliance counts and the schemas of the supervision API (issue 8).
export * from './figures';
export * from './supervision.schema';
