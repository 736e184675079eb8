// Identity: roles, the organisation tree's levels, the permission policy, masking, and the
// zod schemas of the identity API.
export * from './roles';
export * from './policy';
export * from './mask';
export * from './identity.schema';
