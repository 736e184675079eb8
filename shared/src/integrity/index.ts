// Integrity: canonical JSON and SHA-256 hash chains for archives and the audit log — DOMAIN.md "Archive".
export * from './canonical-json';
export * from './utf8';
export * from './content-hash';
export * from './verify-chain';
