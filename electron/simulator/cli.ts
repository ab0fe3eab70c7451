import { parseArgs } from 'node:util';
import { startCentralSim } from './central-sim.server';
import { startAlipayGatewaySim } from './alipay-gateway/alipay-sim.server';

/** `npm run sim -- --port P [--seed N] [--token T] [--pay-port P]`: the central API simulator and the Alipay gateway simulator. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    token: { type: 'string' },
    'pay-port': { type: 'string', default: '0' },
  },
});
const port = Number(values.port);
const seed = Number(values.seed);
const payPort = Number(values['pay-port']);
if (
  !Number.isInteger(port) ||
  port < 0 ||
  port > 65535 ||
  !Number.isInteger(seed) ||
  !Number.isInteger(payPort) ||
  payPort < 0 ||
  payPort > 65535
) {
  console.error('usage: npm run sim -- [--port P] [--seed N] [--token T] [--pay-port P]');
  process.exit(2);
}
const sim = await startCentralSim({ port, seed, ...(values.token ? { token: values.token } : {}) });
const pay = await startAlipayGatewaySim({ port: payPort });
console.log(`READY central=${sim.baseUrl} token=${sim.token} cinemaId=${sim.cinemaId} pay=${pay.gatewayUrl}`);
const stop = () => {
  void Promise.allSettled([sim.close(), pay.close()]).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
