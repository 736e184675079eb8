/** What differs between WeChat and the browser; each build resolves `index.<env>.ts`. */
export interface Platform {
  name: 'weapp' | 'h5';
  storage: {
    get(key: string): string | null;
    set(key: string, value: string): void;
    remove(key: string): void;
  };
  /** A WeChat login code for `POST /auth/wechat`, or null where there is no WeChat (H5). */
  wechatLoginCode(): Promise<string | null>;
  /** Scans a bulletin-board QR code; its scene text, or null when cancelled or unsupported. */
  scan(): Promise<string | null>;
  canScan: boolean;
  /** Asks consent for subscribe messages (must run inside a tap); ids the user accepted. */
  requestSubscribe(templateIds: string[]): Promise<string[]>;
  /** Opens or shares a link that only a browser can show (the print sheet). */
  openExternal(url: string): Promise<void>;
}
