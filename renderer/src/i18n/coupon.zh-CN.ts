// The control coupon (its own file to keep merges apart).
export default {
  title: '取票凭证',
  hint: '请用手机拍下此二维码。若电影票未能打印，可凭此码在任一自助取票机取票。',
  printNo: '取票号',
  verifyCode: '验证码',
  qrLabel: '取票二维码：取票号 {printNo}，验证码 {verifyCode}',
};
