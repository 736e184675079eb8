// Feedback: zod schemas of the feedback and notification API (API.md "Feedback", "Notifications").
export * from './feedback.schema';
