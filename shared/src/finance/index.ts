// Finance statements (财务公开表): schemas, yuan/fen conversion and reconciliation — DOMAIN.md "Finance statements".
export * from './money';
export * from './finance.schema';
export * from './reconcile';
