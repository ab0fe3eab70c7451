// `npm run bench`: every benchmark, one JSON report (bench/results/latest.json). `npm run bench -- collection` runs one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchCollection } from './collection.bench';
import { benchQueryThroughput } from './query-throughput.bench';
import { benchCinemaLoad } from './cinema-load.bench';
import { benchTicketBytes } from './ticket-bytes.bench';
import { benchSync } from './sync.bench';
import { benchBoxOffice } from './box-office.bench';
import { benchSoak } from './soak.bench';
import { benchKioskLoad } from './kiosk-load.bench';
import { benchSeatMap } from './seat-map.bench';
import { benchSale } from './sale.bench';
import { benchSalePay } from './sale-pay.bench';
import { benchSaleSteps } from './sale-steps.bench';

const benches: Record<string, () => Promise<unknown>> = {
  collection: () => benchCollection(200),
  'query-throughput': () => benchQueryThroughput(5),
  'cinema-load': () => benchCinemaLoad(60, 50),
  'ticket-bytes': async () => benchTicketBytes(),
  sync: () => benchSync(),
  'box-office': () => benchBoxOffice(),
  'kiosk-load': () => benchKioskLoad(),
  'seat-map': () => benchSeatMap(),
  sale: () => benchSale(),
  'sale-pay': () => benchSalePay(),
  'sale-steps': () => benchSaleSteps(),
  soak: () => benchSoak(),
};
// Minutes long: run only when named (`npm run bench -- soak`).
const onlyWhenNamed = new Set(['soak']);
const only = process.argv.slice(2);
const report: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
for (const [name, run] of Object.entries(benches)) {
  if (only.length > 0 ? !only.includes(name) : onlyWhenNamed.has(name)) continue;
  report[name] = await run();
  console.log(name, JSON.stringify(report[name]));
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(report, null, 2));
