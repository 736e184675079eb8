// Shared by the query-planner tests: a devdb per test file reached through the official driver,
// and how many documents a query made devdb examine (its scannedObjects counter).
import { MongoClient, type Db } from 'mongodb';
import { startDevDb, type DevDb } from '@sanwu/devdb';

/** Starts devdb for this test file and connects the driver; the returned function gives the db. */
export function useDriverDb(name: string): () => Db {
  let server: DevDb;
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    server = await startDevDb({ port: 0, quiet: true });
    client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 2000 }).connect();
    db = client.db(name);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
  return () => db;
}

/** Runs a query and counts the documents devdb examined for it. */
export async function examined<T>(db: Db, run: () => Promise<T>): Promise<{ result: T; examined: number }> {
  const scanned = async () => Number((await db.admin().serverStatus()).metrics.queryExecutor.scannedObjects);
  const before = await scanned();
  const result = await run();
  return { result, examined: (await scanned()) - before };
}
