// Identity: roles, the organisation tree's levels, the permission policy and masking.
export * from './roles';
export * from './policy';
export * from './mask';
