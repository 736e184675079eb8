import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedDb, type DevDbHandle } from './devdb';

export interface ResolvedDatabase {
  uri: string;
  /** Set when we started the embedded database; stop it on shutdown. */
  embedded?: DevDbHandle;
}

/**
 * MONGODB_URI when set; otherwise, outside production only, a fresh embedded database whose
 * data lives in memory.
 */
export async function resolveDatabase(config: Config, logger: Logger): Promise<ResolvedDatabase> {
  if (config.mongodbUri) return { uri: config.mongodbUri };
  if (config.isProduction) {
    // loadConfig already refuses this; kept so no other path can start devdb in production.
    throw new Error('MONGODB_URI is required in production; the embedded devdb is refused');
  }
  const embedded = await startEmbeddedDb({ quiet: true });
  logger.warn(
    { uri: embedded.uri },
    'no MONGODB_URI: started the embedded database; data is in memory and lost on exit',
  );
  return { uri: embedded.uri, embedded };
}
