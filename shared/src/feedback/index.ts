// Feedback: zod schemas of the feedback and notification API (API.md "Feedback", "Notifications").
export * from './feedback.schema';
// The item's states are the state machine's; re-exported so feedback schemas come from one place.
export { ZFeedbackState } from '../state/feedback-machine';
