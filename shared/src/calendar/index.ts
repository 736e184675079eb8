// Calendar: China's official working days (with 调休) and Asia/Shanghai date helpers — DOMAIN.md "Calendar".
export * from './date-string';
export * from './shanghai-time';
export * from './calendar-year';
export * from './calendar';
export * from './workdays';
export * from './day-info';
export * from './calendar-api.schema';
