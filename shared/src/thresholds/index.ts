// Thresholds: when objections or joint requests oblige the village to act — DOMAIN.md "Feedback".
export * from './thresholds';
