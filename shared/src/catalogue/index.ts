// Catalogues: what each organisation must publish and when, and compliance — DOMAIN.md "Catalogue", "Supervision".
export * from './catalogue-item';
export * from './village-catalogue';
export * from './department-catalogue';
export * from './party-catalogue';
export * from './catalogues';
export * from './periods';
export * from './expected-disclosures';
export * from './compliance';
