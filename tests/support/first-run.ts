import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The first-run code the host wrote to its data folder (it also prints it on its console). */
export const firstRunCode = (dataDir: string): string => readFileSync(join(dataDir, 'first-run-code'), 'utf8').trim();
