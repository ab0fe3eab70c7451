import { parseArgs } from 'node:util';
import { startCentralSim } from './central-sim.server';
import { startAlipayGatewaySim } from './alipay-gateway/alipay-sim.server';

/** `npm run sim -- --port P [--seed N] [--token T] [--strict-seed] [--hold-seconds S] [--sale-cutoff-minutes M] [--pay-port P]`: the central API simulator (with the SarftKioskService stand-in) and the Alipay gateway simulator. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    token: { type: 'string' },
    'strict-seed': { type: 'boolean', default: false },
    'hold-seconds': { type: 'string' },
    'sale-cutoff-minutes': { type: 'string' },
    'pay-port': { type: 'string', default: '0' },
  },
});
const port = Number(values.port);
const seed = Number(values.seed);
const payPort = Number(values['pay-port']);
const holdSeconds = values['hold-seconds'] === undefined ? undefined : Number(values['hold-seconds']);
const cutoffMinutes = values['sale-cutoff-minutes'] === undefined ? undefined : Number(values['sale-cutoff-minutes']);
const badSale = (holdSeconds !== undefined && !(holdSeconds > 0)) || (cutoffMinutes !== undefined && !Number.isFinite(cutoffMinutes));
const badPort = (p: number) => !Number.isInteger(p) || p < 0 || p > 65535;
if (badPort(port) || badPort(payPort) || !Number.isInteger(seed) || badSale) {
  console.error(
    'usage: npm run sim -- [--port P] [--seed N] [--token T] [--strict-seed] [--hold-seconds S] [--sale-cutoff-minutes M] [--pay-port P]',
  );
  process.exit(2);
}
const sale = {
  ...(holdSeconds !== undefined ? { holdMs: holdSeconds * 1000 } : {}),
  ...(cutoffMinutes !== undefined ? { cutoffMinutes } : {}),
};
const sim = await startCentralSim({
  port,
  seed,
  sale,
  strictSeed: values['strict-seed'],
  ...(values.token ? { token: values.token } : {}),
});
const pay = await startAlipayGatewaySim({ port: payPort });
console.log(
  `READY central=${sim.baseUrl} token=${sim.token} cinemaId=${sim.cinemaId} sarft=${sim.sarft.url} sarftUser=${sim.sarft.username} sarftPassword=${sim.sarft.password} pay=${pay.gatewayUrl}${sim.strictSeed ? ' strictSeed=1' : ''}`,
);
const stop = () => {
  void Promise.allSettled([sim.close(), pay.close()]).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
