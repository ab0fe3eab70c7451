/** mulberry32: a small seeded PRNG so that `--seed N` gives the same demo bookings every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOOKING_ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A VistaBookingId: 7 capital letters and digits, without the look-alikes I, O, 0 and 1. */
export function randomBookingId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 7; i += 1) id += BOOKING_ID_ALPHABET[Math.floor(random() * BOOKING_ID_ALPHABET.length)];
  return id;
}
