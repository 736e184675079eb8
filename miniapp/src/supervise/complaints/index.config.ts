export default definePageConfig({ navigationBarTitleText: '意见台账' });
