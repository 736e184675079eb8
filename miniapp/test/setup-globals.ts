// Globals Taro's build defines or its runtime provides, for code under jest.
(globalThis as Record<string, unknown>).SANWU_API_BASE = 'http://api.test/api/v1';
(globalThis as Record<string, unknown>).defineAppConfig = (c: unknown) => c;
(globalThis as Record<string, unknown>).definePageConfig = (c: unknown) => c;
// Feature flags Taro's webpack plugin defines at build time (read by @tarojs/runtime).
for (const flag of [
  'ENABLE_INNER_HTML',
  'ENABLE_ADJACENT_HTML',
  'ENABLE_CLONE_NODE',
  'ENABLE_CONTAINS',
  'ENABLE_MUTATION_OBSERVER',
  'ENABLE_SIZE_APIS',
  'ENABLE_TEMPLATE_CONTENT',
]) {
  (globalThis as Record<string, unknown>)[flag] = true;
}
(globalThis as Record<string, unknown>).DEPRECATED_ADAPTER_COMPONENT = false;
