import { parseArgs } from 'node:util';
import { startCentralSim } from './central-sim.server';

/** `npm run sim -- --port P [--seed N] [--token T] [--strict-seed]`: the central API simulator on its own. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    token: { type: 'string' },
    'strict-seed': { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const seed = Number(values.seed);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(seed)) {
  console.error('usage: npm run sim -- [--port P] [--seed N] [--token T] [--strict-seed]');
  process.exit(2);
}
const sim = await startCentralSim({ port, seed, strictSeed: values['strict-seed'], ...(values.token ? { token: values.token } : {}) });
console.log(
  `READY central=${sim.baseUrl} token=${sim.token} cinemaId=${sim.cinemaId} sarft=${sim.sarft.url} sarftUser=${sim.sarft.username} sarftPassword=${sim.sarft.password}${sim.strictSeed ? ' strictSeed=1' : ''}`,
);
const stop = () => {
  void sim.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
