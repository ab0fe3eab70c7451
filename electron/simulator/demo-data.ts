/** The demo cinema's catalogue: films, screens and prices the simulator seeds bookings from. */
export const demoCinema = {
  id: '0200',
  nationalId: '31090211',
  name: '星河影城 (演示)',
  clientId: '111.111.111.111',
};

export const demoFilms = [
  { id: 'HO00012501', title: '流浪地球3', shortCode: '001200472025', runTime: 138 },
  { id: 'HO00012502', title: '长安的荔枝', shortCode: '001200482025', runTime: 121 },
  { id: 'HO00012503', title: '哪吒之魔童闹海', shortCode: '001200492025', runTime: 144 },
] as const;

export const demoScreens = ['1号厅', '2号厅 IMAX', '3号厅'] as const;

export const demoPricing = { priceCents: 4500, serviceFeeCents: 300, ticketTypeCode: '0010', description: '标准票' };
