import { auditRoutes } from '../audit/audit.routes';
import { authRoutes } from '../auth/auth.routes';
import { orgRoutes } from '../orgs/org.routes';
import { residentRoutes } from '../residents/resident.routes';
import type { Feature } from '../routes';
import { grantRoutes } from '../users/grant.routes';

/** The identity features (issue 5): sign-in, orgs, accounts and grants, registry, audit. */
export const identityFeatures: Feature[] = [authRoutes, orgRoutes, grantRoutes, residentRoutes, auditRoutes];
