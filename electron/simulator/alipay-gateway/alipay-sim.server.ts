import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSign, createVerify, generateKeyPairSync, type KeyObject, createPublicKey, createPrivateKey } from 'node:crypto';
import { closableServer, listen } from '../../core/net/listen';
import { parseJsonObject, readBody, sendJson } from '../../core/net/http-body';
import { FaultTable, parseFaultSpec, type FaultSpec } from '../faults';
import { AlipaySimState, SYSTEM_BUSY, type Answer } from './alipay-sim.state';

/**
 * Alipay's open-platform gateway (`/gateway.do`, OpenAPI 2.0) as the unmodified `alipay-sdk` speaks it:
 * the common parameters in the query string, `biz_content` in the form body, an RSA2 signature over
 * every parameter but `sign` (sorted, `key=value` joined by `&`) checked with the app's public key. Each
 * answer is `{"<method>_response": {...}, "sign": "..."}`, signed with the gateway's own key over the
 * exact JSON text of the inner object, as the SDK verifies it. A bad signature is answered as Alipay
 * does: 40002 `isv.invalid-signature`. Control API on the same origin: `GET /__pay/trades`,
 * `POST /__pay/trades/<outTradeNo>/pay` (the customer pays a precreated QR), `.../finish` (the refund
 * period ends), `GET /__pay/demo-keys` (the app keys the simulator made up for the demo), `POST /__pay/settings {userPayingMs}`, `POST /__pay/tamper` (the next answers carry
 * altered fields, still validly signed: the adapter's hostile-answer tests), and `/__sim/faults`.
 */
export interface AlipaySimOptions {
  port?: number;
  host?: string;
  appId?: string;
  /** The app's public key (PEM); generated with its private key when absent (the demo). */
  appPublicKeyPem?: string;
  userPayingMs?: number;
}

export interface RunningAlipaySim {
  origin: string;
  /** The `gateway.do` URL the SDK is configured with. */
  gatewayUrl: string;
  appId: string;
  /** Set when the simulator made the app's key pair (PKCS#8 PEM). */
  appPrivateKeyPem?: string;
  /** The gateway's public key (SPKI PEM): the app's `alipayPublicKey`. */
  alipayPublicKeyPem: string;
  state: AlipaySimState;
  faults: FaultTable;
  close(): Promise<void>;
}

interface Tamper {
  method?: string;
  set: Record<string, unknown>;
  times: number;
}

const GATEWAY_PATH = '/gateway.do';
const INVALID_SIGNATURE_MSG = '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：';

const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (key: KeyObject, kind: 'public' | 'private') =>
  kind === 'public' ? key.export({ type: 'spki', format: 'pem' }).toString() : key.export({ type: 'pkcs8', format: 'pem' }).toString();

export async function startAlipayGatewaySim(options: AlipaySimOptions = {}): Promise<RunningAlipaySim> {
  const appId = options.appId ?? '2021000000000001';
  let appPublicKey: KeyObject;
  let appPrivateKeyPem: string | undefined;
  if (options.appPublicKeyPem) appPublicKey = createPublicKey(options.appPublicKeyPem);
  else {
    const pair = rsaPair();
    appPublicKey = pair.publicKey;
    appPrivateKeyPem = pem(pair.privateKey, 'private');
  }
  const gateway = rsaPair();
  const gatewayKey = createPrivateKey(pem(gateway.privateKey, 'private'));
  const state = new AlipaySimState(options.userPayingMs === undefined ? {} : { userPayingMs: options.userPayingMs });
  const faults = new FaultTable();
  const tampers: Tamper[] = [];
  const host = options.host ?? '127.0.0.1';

  const alipayPublicKeyPem = pem(gateway.publicKey, 'public');
  const ctx: Context = {
    appId,
    appPublicKey,
    gatewayKey,
    state,
    faults,
    tampers,
    ...(appPrivateKeyPem ? { demoKeys: { appId, appPrivateKey: appPrivateKeyPem, alipayPublicKey: alipayPublicKeyPem } } : {}),
  };
  const server = closableServer(
    createServer((req, res) => {
      handle(req, res, ctx).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: 'simulator fault' });
      });
    }),
  );
  server.keepAliveTimeout = 5_000;
  const port = await listen(server, options.port ?? 0, host);
  const origin = `http://${host}:${port}`;
  return {
    origin,
    gatewayUrl: `${origin}${GATEWAY_PATH}`,
    appId,
    ...(appPrivateKeyPem ? { appPrivateKeyPem } : {}),
    alipayPublicKeyPem,
    state,
    faults,
    close: () => server.closeNow(),
  };
}

interface Context {
  appId: string;
  appPublicKey: KeyObject;
  gatewayKey: KeyObject;
  state: AlipaySimState;
  faults: FaultTable;
  tampers: Tamper[];
  demoKeys?: { appId: string; appPrivateKey: string; alipayPublicKey: string };
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  if (url.pathname.startsWith('/__pay/') || url.pathname === '/__sim/faults') return control(req, res, url, ctx);
  if (url.pathname !== GATEWAY_PATH || req.method !== 'POST') return sendJson(res, 404, { error: 'not found' });

  const body = await readBody(req, 1 << 20);
  const params = new Map<string, string>(url.searchParams);
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  const method = params.get('method') ?? '';

  const fault = ctx.faults.match(`${GATEWAY_PATH}/${method}`) ?? ctx.faults.match(GATEWAY_PATH);
  if (fault && (await applyFault(fault, req, res, method, ctx))) return;

  const signString = [...params.keys()]
    .filter((key) => key !== 'sign')
    .sort()
    .map((key) => `${key}=${params.get(key)}`)
    .join('&');
  if (params.get('app_id') !== ctx.appId)
    return answer(res, ctx, method, {
      code: '40002',
      msg: 'Invalid Arguments',
      sub_code: 'isv.invalid-app-id',
      sub_msg: '无效的AppID参数',
    });
  if (params.get('sign_type') !== 'RSA2' || !verifies(signString, params.get('sign') ?? '', ctx.appPublicKey))
    return answer(res, ctx, method, {
      code: '40002',
      msg: 'Invalid Arguments',
      sub_code: 'isv.invalid-signature',
      sub_msg: INVALID_SIGNATURE_MSG + signString.replace(/&biz_content=[^&]*/u, '').replaceAll('&', '&amp;'),
    });

  const biz = parseJsonObject(Buffer.from(params.get('biz_content') ?? '{}', 'utf8'));
  if (!biz)
    return answer(res, ctx, method, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-parameter', sub_msg: '参数无效' });
  const result = ctx.state.run(method, biz);
  if (!result)
    return answer(res, ctx, method, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-method', sub_msg: '不存在的方法名' });
  answer(res, ctx, method, result);
}

function verifies(signString: string, sign: string, key: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(signString, 'utf8').verify(key, sign, 'base64');
  } catch {
    return false;
  }
}

/** `{"<method>_response": ..., "sign": ...}` with the gateway's signature over the inner JSON text. */
function answer(res: ServerResponse, ctx: Context, method: string, result: Answer): void {
  const tamper = ctx.tampers.find((t) => t.times > 0 && (t.method === undefined || t.method === method));
  let body: Record<string, unknown> = result;
  if (tamper) {
    tamper.times -= 1;
    body = { ...result, ...tamper.set };
  }
  const inner = JSON.stringify(body);
  const sign = createSign('RSA-SHA256').update(inner, 'utf8').sign(ctx.gatewayKey, 'base64');
  const key = `${(method || 'error').replaceAll('.', '_')}_response`;
  const text = `{"${key}":${inner},"sign":"${sign}"}`;
  res.writeHead(200, { 'content-type': 'text/html;charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Answers true when the fault took the call over. `result` answers that gateway code (20000: system busy). */
async function applyFault(fault: FaultSpec, req: IncomingMessage, res: ServerResponse, method: string, ctx: Context): Promise<boolean> {
  if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (fault.reset) {
    req.socket.destroy();
    return true;
  }
  if (fault.hang) return true;
  if (fault.status !== undefined) {
    sendJson(res, fault.status, { error: 'injected fault' });
    return true;
  }
  if (fault.result !== undefined) {
    answer(res, ctx, method, fault.result === 20000 ? SYSTEM_BUSY : { code: String(fault.result), msg: 'injected fault' });
    return true;
  }
  return false;
}

async function control(req: IncomingMessage, res: ServerResponse, url: URL, ctx: Context): Promise<void> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/__pay/trades' && method === 'GET') return sendJson(res, 200, ctx.state.list());
  // The demo app's own made-up keys, for a demo host started against this simulator as a separate process.
  if (path === '/__pay/demo-keys' && method === 'GET') {
    if (!ctx.demoKeys) return sendJson(res, 404, { error: 'this simulator was given the app public key: it holds no app private key' });
    return sendJson(res, 200, ctx.demoKeys);
  }
  const action = /^\/__pay\/trades\/([A-Za-z0-9_-]{1,64})\/(pay|finish)$/u.exec(path);
  if (action && method === 'POST') {
    const trade = action[2] === 'pay' ? ctx.state.customerPays(action[1]!) : ctx.state.finish(action[1]!);
    if (!trade) return sendJson(res, 409, { error: `no trade ${action[1]} in a state that allows ${action[2]}` });
    return sendJson(
      res,
      200,
      ctx.state.list().find((t) => t.outTradeNo === trade.outTradeNo),
    );
  }
  const body = method === 'POST' ? parseJsonObject(await readBody(req, 1 << 16)) : undefined;
  if (path === '/__pay/settings' && method === 'POST') {
    const ms = body?.userPayingMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 600_000)
      return sendJson(res, 400, { error: 'userPayingMs: 0 to 600000' });
    ctx.state.userPayingMs = ms;
    return sendJson(res, 200, { userPayingMs: ms });
  }
  if (path === '/__pay/tamper' && method === 'POST') {
    const set = body?.set;
    if (!set || typeof set !== 'object' || Array.isArray(set)) return sendJson(res, 400, { error: 'set: an object of answer fields' });
    const times = typeof body.times === 'number' && body.times >= 1 ? Math.floor(body.times) : 1;
    ctx.tampers.push({ ...(typeof body.method === 'string' ? { method: body.method } : {}), set: set as Record<string, unknown>, times });
    return sendJson(res, 201, { tampers: ctx.tampers.length });
  }
  if (path === '/__sim/faults' && method === 'POST') {
    const spec = body ? parseFaultSpec(body) : 'body must be a JSON object';
    if (typeof spec === 'string') return sendJson(res, 400, { error: spec });
    ctx.faults.add(spec);
    return sendJson(res, 201, { faults: ctx.faults.list() });
  }
  if (path === '/__sim/faults' && method === 'DELETE') {
    ctx.faults.clear();
    ctx.tampers.length = 0;
    return sendJson(res, 200, { faults: [] });
  }
  if (path === '/__sim/faults' && method === 'GET') return sendJson(res, 200, { faults: ctx.faults.list() });
  return sendJson(res, 404, { error: 'not found' });
}
