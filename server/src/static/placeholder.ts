export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>三务公开</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.7;color:#222}h1{color:#b71c1c}</style>
</head>
<body>
<h1>三务公开</h1>
<p>党务、村务、财务公开平台。村民通过微信小程序查看公开事项、提出意见和异议；村干部起草公开内容、答复意见；监督小组审核签章；上级部门监督办理时限。</p>
<p>网页版（H5）尚未构建。接口文档：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>
</body>
</html>
`;
