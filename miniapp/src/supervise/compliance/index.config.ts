export default definePageConfig({ navigationBarTitleText: '公开合规' });
