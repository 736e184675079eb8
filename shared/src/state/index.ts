// State machines: disclosure and feedback workflows as tables — DOMAIN.md "Workflow", "Feedback".
export * from './actors';
export * from './machine';
export * from './disclosure-machine';
export * from './feedback-machine';
