export default definePageConfig({ navigationBarTitleText: '意见与质询' });
