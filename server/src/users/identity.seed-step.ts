import { ROLE_LABELS } from '@sanwu/shared';
import type { SeedStep } from '../seed/seed-steps';
import { DEMO_PASSWORD, seedIdentityDemo } from './demo-seed';

/**
 * The identity part of the demo as a seed step (orgs → accounts → registry): append it to
 * `seedSteps` before the steps that need orgs and accounts. The start-up banner gets each
 * account with its Chinese role and, for staff, the demo password.
 */
export function identitySeedStep(options: { phoneSecret: string; bcryptCost?: number }): SeedStep {
  return {
    name: 'identity',
    async run(ctx) {
      const accounts = await seedIdentityDemo(options);
      ctx.demoAccounts.push(
        ...accounts.map((a) => ({
          name: a.name,
          role: ROLE_LABELS[a.role],
          org: a.org,
          username: a.username,
          password: a.username ? DEMO_PASSWORD : undefined,
        })),
      );
    },
  };
}
