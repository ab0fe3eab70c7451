import { parseArgs } from 'node:util';
import { startCentralSim } from './central-sim.server';

/** `npm run sim -- --port P [--seed N] [--token T] [--hold-seconds S] [--sale-cutoff-minutes M]`: the central API simulator on its own. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    token: { type: 'string' },
    'hold-seconds': { type: 'string' },
    'sale-cutoff-minutes': { type: 'string' },
  },
});
const port = Number(values.port);
const seed = Number(values.seed);
const holdSeconds = values['hold-seconds'] === undefined ? undefined : Number(values['hold-seconds']);
const cutoffMinutes = values['sale-cutoff-minutes'] === undefined ? undefined : Number(values['sale-cutoff-minutes']);
const badSale = (holdSeconds !== undefined && !(holdSeconds > 0)) || (cutoffMinutes !== undefined && !Number.isFinite(cutoffMinutes));
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(seed) || badSale) {
  console.error('usage: npm run sim -- [--port P] [--seed N] [--token T] [--hold-seconds S] [--sale-cutoff-minutes M]');
  process.exit(2);
}
const sale = {
  ...(holdSeconds !== undefined ? { holdMs: holdSeconds * 1000 } : {}),
  ...(cutoffMinutes !== undefined ? { cutoffMinutes } : {}),
};
const sim = await startCentralSim({ port, seed, sale, ...(values.token ? { token: values.token } : {}) });
console.log(`READY central=${sim.baseUrl} token=${sim.token} cinemaId=${sim.cinemaId}`);
const stop = () => {
  void sim.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
