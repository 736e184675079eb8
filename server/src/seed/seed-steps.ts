import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { disclosureSeedStep } from '../disclosures/disclosure.seed-step';
import { feedbackSeedStep } from '../feedback/feedback.seed-step';
import type { Logger } from '../logger';
import { identitySeedStep } from '../users/identity.seed-step';
import { supervisionSeedStep } from '../supervision/supervision.seed-step';
import { MetaModel } from './meta.model';

/** A demo account printed at start-up so people can sign in (filled by issue #5). */
export interface DemoAccount {
  name: string;
  role: string;
  org: string;
  username?: string;
  password?: string;
}

export interface SeedContext {
  config: Config;
  connection: Connection;
  logger: Logger;
  now: Date;
  /** Steps that create accounts list them here for the start-up banner and the seed CLI. */
  demoAccounts: DemoAccount[];
}

export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<void>;
}

export const SEED_VERSION = '1';

const meta: SeedStep = {
  name: 'meta',
  async run({ now }) {
    await MetaModel.create({ _id: 'demo', seededAt: now, version: SEED_VERSION });
  },
};

/**
 * The demo data, in dependency order. Later features add their step here, built from the
 * config when they need a setting (orgs → accounts → registry → disclosures → feedback);
 * `meta` stays last so its presence means "fully seeded".
 */
export function demoSeedSteps(config: Config): SeedStep[] {
  return [
    identitySeedStep({ phoneSecret: config.phoneHashSecret }),
    disclosureSeedStep(config),
    feedbackSeedStep(config),
    supervisionSeedStep(config),
    meta,
  ];
}
