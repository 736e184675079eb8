import type { DisclosureDto } from '@sanwu/shared';
import type { Middleware } from 'koa';
import type { AppState } from '../context';
import type { DisclosureDoc } from './disclosure.model';
import type { Acting } from './disclosure-store';

/** What the route files of the feature share, built once by the feature factory. */
export interface RouteHelpers {
  acting(ctx: { state: AppState; ip: string }): Acting;
  detail(ctx: { state: AppState }, doc: DisclosureDoc): Promise<DisclosureDto>;
  loaded(ctx: { state: unknown }): DisclosureDoc;
  /** Loads `:id` onto the state (404 when absent). */
  load: Middleware<AppState>;
}
