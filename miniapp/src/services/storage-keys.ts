// Every key the app keeps on the device, in one place.
export const KEYS = {
  session: 'sanwu.session',
  village: 'sanwu.village',
  recentVillages: 'sanwu.recentVillages',
  largeText: 'sanwu.largeText',
} as const;
