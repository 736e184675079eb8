import { archiveRoutes } from '../archive/archive.routes';
import type { Feature } from '../routes';
import { supervisionRoutes } from './supervision.routes';

/** The supervision features (issue 8): figures, complaint log, 通报, public record; year archives. */
export const supervisionFeatures: Feature[] = [supervisionRoutes, archiveRoutes];
