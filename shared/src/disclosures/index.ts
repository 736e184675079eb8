// Disclosures (公开事项): body blocks, operation and response schemas, masking — DOMAIN.md "Disclosures".
export * from './blocks.schema';
export * from './disclosure.schema';
export * from './disclosure-dto.schema';
export * from './masking';
