export default definePageConfig({ navigationBarTitleText: '村民认证' });
