export default defineAppConfig({
  // Residents' screens stay in the main package; staff screens load only when opened.
  pages: [
    'pages/home/index',
    'pages/village/index',
    'pages/disclosure/index',
    'pages/ask/index',
    'pages/mine/index',
    'pages/feedback/index',
    'pages/verify/index',
    'pages/login/index',
    'pages/notifications/index',
  ],
  subPackages: [
    {
      root: 'cadre',
      pages: ['inbox/index', 'handle/index', 'disclosures/index', 'edit/index', 'manage/index'],
    },
    {
      root: 'supervise',
      pages: ['reviews/index', 'complaints/index', 'overdue/index', 'compliance/index', 'overview/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#b71c1c',
    navigationBarTitleText: '三务公开',
    navigationBarTextStyle: 'white',
  },
});
