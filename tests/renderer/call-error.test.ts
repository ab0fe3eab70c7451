import { describe, expect, it } from 'vitest';
import { describeError } from '../../renderer/src/composables/call-error';
import { i18n } from '../../renderer/src/i18n';
import { uiErrorCodes, type UiError, type UiErrorCode } from '../../shared/errors';

/** describeError in one language, with the app's own messages. */
function inLanguage(locale: 'zh-CN' | 'en') {
  const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {}, { locale });
  const exists = (key: string) => i18n.global.te(key, locale);
  return (error: UiError) => describeError(error, t, exists);
}
const zh = inLanguage('zh-CN');
const en = inLanguage('en');
const latin = /[A-Za-z]{4,}/u;

describe('the staff screens’ one mapping from the core’s errors to what they show', () => {
  it.each(uiErrorCodes.map((c) => [c]))(
    '%s has its own sentence in both languages, never the core’s English message',
    (code: UiErrorCode) => {
      const error: UiError = { code, message: 'core message in English' };
      const zhLine = zh(error);
      const enLine = en(error);
      expect(zhLine.message).not.toContain('core message');
      expect(enLine.message).not.toContain('core message');
      expect(zhLine.message).not.toBe(enLine.message);
      // A Chinese page shows no English words (codes such as /office and PIN aside).
      expect(zhLine.message.replace(/\/office|\/tech|PIN|first-run-code|JSON|https?:/gu, '')).not.toMatch(latin);
      expect(zhLine.field).toBeNull();
    },
  );

  it.each([
    ['APPROVAL_REFUSED', 'UNAUTHORIZED', /批准被拒绝/u, /Approval refused/u],
    ['SESSION_ENDED', 'UNAUTHORIZED', /重新登录/u, /sign in again/u],
    ['WRONG_ROLE', 'UNAUTHORIZED', /角色无权/u, /role may not/u],
    ['DUPLICATE', 'VALIDATION', /已存在/u, /exists already/u],
    ['WRONG_HOST', 'VALIDATION', /取票服务主机/u, /print-service host/u],
  ] as const)('the staff refusal %s (on the wire %s) says what it is', (refusal, code, zhText, enText) => {
    const error: UiError = { code, message: 'x', details: { refusal } };
    expect(zh(error).message).toMatch(zhText);
    expect(en(error).message).toMatch(enText);
  });

  it('NOT_IMPORTABLE names the central address beside its field', () => {
    const error: UiError = { code: 'NOT_IMPORTABLE', message: 'x', details: { field: 'central.url' } };
    expect(zh(error)).toEqual({ message: expect.stringMatching(/中心系统地址/u), field: 'central.url' });
  });

  it("seed 003's placeholder client identity, or none, is said beside its field in the page's language", () => {
    const placeholder: UiError = {
      code: 'VALIDATION',
      message: 'x',
      details: { field: 'optionalClientId', reason: 'placeholder-identity' },
    };
    expect(zh(placeholder)).toEqual({ message: expect.stringMatching(/^客户端编号：是接口文档中的示例身份/u), field: 'optionalClientId' });
    expect(en(placeholder).message).toMatch(/^Client id: is seed 003's example identity/u);
    const missing: UiError = {
      code: 'VALIDATION',
      message: 'x',
      details: { field: 'central.optionalClientName', reason: 'missing-identity' },
    };
    expect(zh(missing).message).toMatch(/^客户端名称：必须填写/u);
    expect(en(missing).message).toMatch(/^Client name: is required/u);
  });

  it('PARTIAL_REFUND_UNSUPPORTED says central refunds whole bookings only', () => {
    expect(zh({ code: 'PARTIAL_REFUND_UNSUPPORTED', message: 'x' }).message).toMatch(/只能整单退票/u);
    expect(en({ code: 'PARTIAL_REFUND_UNSUPPORTED', message: 'x' }).message).toMatch(/whole bookings only/u);
  });

  it('APPROVAL_REQUIRED says a supervisor must approve', () => {
    expect(en({ code: 'APPROVAL_REQUIRED', message: 'x' }).message).toMatch(/A supervisor must approve/u);
    expect(zh({ code: 'APPROVAL_REQUIRED', message: 'x' }).message).toMatch(/需要值班经理批准/u);
  });

  it('a refused field names the field and its rule from the contract’s issue path and code, in the page’s language', () => {
    const error: UiError = {
      code: 'VALIDATION',
      message: 'invalid input',
      details: { fields: [{ field: 'username', problem: 'username: 2 to 32 letters', code: 'invalid_string' }] },
    };
    expect(zh(error)).toEqual({ message: '用户名：2 至 32 个字母、数字或“.”“_”“-”', field: 'username' });
    expect(en(error).message).toBe('User name: 2 to 32 letters, digits, ".", "_" or "-"');
    const url: UiError = {
      code: 'VALIDATION',
      message: 'invalid input',
      details: { fields: [{ field: 'profile.url', problem: 'x', code: 'invalid_string' }] },
    };
    expect(zh(url)).toEqual({ message: expect.stringMatching(/^打印机连接：格式为 tcp:\/\/主机:端口/u), field: 'profile.url' });
  });

  it('an unknown field still gets a localized rule from the issue code, with its bounds', () => {
    const error: UiError = {
      code: 'VALIDATION',
      message: 'invalid input',
      details: { fields: [{ field: 'leftMarginDots', problem: 'x', code: 'too_big', maximum: 200 }] },
    };
    expect(zh(error).message).toBe('左边距：太长或太大（至多 200）');
    expect(en(error).message).toBe('Left margin: too long or too large (at most 200)');
  });

  it('a serial port that does not exist is said beside the port field', () => {
    const error: UiError = {
      code: 'VALIDATION',
      message: 'x',
      details: { fields: [{ field: 'scanners.1.path', problem: '/dev/nope: no such serial port', rule: 'SERIAL_PORT_MISSING' }] },
    };
    expect(zh(error)).toEqual({ message: expect.stringMatching(/^扫描枪端口：本机没有这个串口/u), field: 'scanners.1.path' });
    expect(en(error).message).toMatch(/^Scanner port: this computer has no such serial port/u);
  });

  it('the core’s own reasons (weak secret beside the password, the last technician) have their sentences', () => {
    const weak: UiError = { code: 'VALIDATION', message: 'x', details: { reason: 'weak-secret', field: 'password' } };
    expect(zh(weak)).toEqual({ message: expect.stringMatching(/^密码：值班经理和技术员须用至少 12 个字符/u), field: 'password' });
    expect(en({ code: 'VALIDATION', message: 'x', details: { reason: 'last-technician' } }).message).toMatch(/last active technician/u);
    expect(zh({ code: 'UNAUTHORIZED', message: 'technicians use /tech', details: { reason: 'technician-console' } }).message).toMatch(
      /技术员控制台/u,
    );
  });

  it('a paste that is not JSON is said beside the import box', () => {
    const error: UiError = { code: 'VALIDATION', message: 'not JSON', details: { field: 'config', reason: 'NOT_JSON' } };
    expect(zh(error)).toEqual({ message: '配置：不是有效的 JSON：请粘贴导出的完整配置', field: 'config' });
  });
});
