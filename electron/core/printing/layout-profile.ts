import type { PrinterProfile } from '../config/config';

/** The profile fields the layout needs; the rest have the config's defaults. */
export type LayoutProfile = Pick<
  PrinterProfile,
  'type' | 'paperWidthMm' | 'bootsInChineseMode' | 'qrMode' | 'qrModuleDots' | 'cutMode' | 'leftMarginDots' | 'feedLinesBeforeCut'
>;

export const defaultLayoutProfile: LayoutProfile = {
  type: 'epson',
  paperWidthMm: 80,
  bootsInChineseMode: false,
  qrMode: 'native',
  qrModuleDots: 4,
  cutMode: 'partial',
  leftMarginDots: 0,
  feedLinesBeforeCut: 3,
};
