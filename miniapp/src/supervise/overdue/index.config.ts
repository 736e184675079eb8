export default definePageConfig({ navigationBarTitleText: '超期预警' });
