import { attachmentRoutes } from './attachments/attachment.routes';
import type { FeatureDeps } from './context';
import { disclosureRoutes } from './disclosures/disclosure.routes';
import { feedbackRoutes } from './feedback/feedback.routes';
import { financeRoutes } from './finance/finance.routes';
import { healthRoutes } from './health/health.routes';
import type { RouteGroup } from './http/route-group';
import { notificationRoutes } from './notifications/notifications.routes';
import { calendarRoutes } from './calendar/calendar.routes';
import { identityFeatures } from './policy/identity-features';
import { supervisionFeatures } from './supervision/supervision-features';

/** A feature contributes one RouteGroup; it gets the app's dependencies. */
export type Feature = (deps: FeatureDeps) => RouteGroup;

/**
 * Every feature of the API, in one list. A new feature adds one line here.
 * (The OpenAPI route is added by createApp because it describes all of these.)
 */
export const features: Feature[] = [
  healthRoutes,
  ...identityFeatures,
  financeRoutes,
  disclosureRoutes,
  attachmentRoutes,
  feedbackRoutes,
  notificationRoutes,
  ...supervisionFeatures,
  calendarRoutes,
];
