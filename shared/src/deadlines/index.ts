// Deadlines: when an answer or a publication is due — DOMAIN.md "Feedback", "Timing class", "Calendar".
export * from './due-policy';
export * from './compute-due';
export * from './policies';
export * from './disclosure-timing';
