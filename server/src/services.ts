import { createAttachmentService, type AttachmentService } from './attachments/attachment.service';
import { LocalDiskStorage, type BlobStorage } from './attachments/blob-storage';
import { createAuthService, type AuthService } from './auth/auth.service';
import type { Config } from './config';
import { createRegistryService, type RegistryService } from './residents/registry.service';
import { createVerificationService, type VerificationService } from './residents/verification.service';
import { WechatClient } from './wechat/wechat-client';

/** The stateful services of the app, built once from the config and the clock. */
export interface AppServices {
  auth: AuthService;
  registry: RegistryService;
  verification: VerificationService;
  /** Absent when WECHAT_APPID/WECHAT_SECRET are not configured (WeChat sign-in then answers 401). */
  wechat?: WechatClient;
  /** Attachment bytes (local disk under UPLOAD_DIR; an object store may implement BlobStorage). */
  storage: BlobStorage;
  attachments: AttachmentService;
}

export type Clock = () => Date;

export function createServices(config: Config, clock: Clock): AppServices {
  const { appId, secret, apiBase } = config.wechat;
  const wechat =
    appId && secret ? new WechatClient({ appId, secret, apiBase, now: () => clock().getTime() }) : undefined;
  const phoneSecret = config.phoneHashSecret;
  const storage = new LocalDiskStorage(config.uploadDir);
  return {
    auth: createAuthService({
      jwtSecret: config.jwt.accessSecret,
      accessTtlSeconds: config.jwt.accessTtlSeconds,
      refreshTtlSeconds: config.jwt.refreshTtlSeconds,
      wechat,
      now: clock,
    }),
    registry: createRegistryService({ phoneSecret, now: clock }),
    verification: createVerificationService({ phoneSecret, now: clock }),
    wechat,
    storage,
    attachments: createAttachmentService(storage, clock),
  };
}
