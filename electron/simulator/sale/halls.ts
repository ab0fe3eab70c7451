/**
 * The demo halls' seat layouts and ticket types, drawn as text so a reader sees the hall.
 *
 * Seed 003 §3.4: logical coordinates start at 0,0 in the top left, row 1 (1排) is at the bottom
 * next to the screen, and only real seats are returned (aisles have no seat). The seed's own hall
 * maps AreaNumber 1, RowIndex 0, ColumnIndex 1 and 2 to 7排10座 and 7排9座, so seat numbers run
 * from right to left and column 0 is an aisle; `1号厅` reproduces that hall exactly.
 *
 * Our assumption beyond the seed (Vista's model, written down in ./README.md): RowIndex and
 * ColumnIndex count inside their area (that is why Position carries AreaNumber); an area's place in
 * the hall is its `Top`/`Left` in rows and columns. An area's Rows array has one entry per logical
 * row, so `Rows[RowIndex]` is the seat's row; a row without seats (a cross aisle) has
 * `PhysicalName: null` and no seats.
 *
 * Cells: `.` aisle, `o` seat, `w` wheelchair (Status 3), `x` broken (5), `r` held back by the
 * cinema (2), `k` special reserved (7), `(` `-` `)` a sofa's left, middle and right seat.
 */
export interface HallAreaDrawing {
  number: number;
  areaCategoryCode: string;
  description: string;
  top: number;
  left: number;
  /** One string per logical row, top first: `[physical name or null for a cross aisle, cells]`. */
  rows: readonly (readonly [string | null, string])[];
}

export interface DemoTicketType {
  ticketTypeCode: string;
  areaCategoryCode: string;
  description: string;
  priceInCents: number;
}

export interface DemoHall {
  screenName: string;
  screenNumber: number;
  areas: readonly HallAreaDrawing[];
  ticketTypes: readonly DemoTicketType[];
  attributes: readonly string[];
}

export const STANDARD_AREA = '0000000001';
export const PREFERRED_AREA = '0000000003';

const seedHallRow = '.oooooooooo.';

/** Two areas at different prices: the seed's 7-row hall, with a wider preferred area of six rows behind it. */
const hallOne: DemoHall = {
  screenName: '1号厅',
  screenNumber: 1,
  attributes: ['数字2D'],
  areas: [
    {
      number: 1,
      areaCategoryCode: STANDARD_AREA,
      description: '一号厅',
      top: 6,
      left: 3,
      rows: ['7', '6', '5', '4', '3', '2', '1'].map((name) => [name, seedHallRow] as const),
    },
    {
      number: 2,
      areaCategoryCode: PREFERRED_AREA,
      description: '优选区',
      top: 0,
      left: 0,
      // Rows 10 and up hold the demo's paid bookings (central-sim.state.ts allocates them there).
      rows: ['13', '12', '11', '10', '9', '8'].map((name) => [name, '.oooooooooooooooo.'] as const),
    },
  ],
  // The seed's §3.3 example for session 29617 (0010, 0142, 0043), plus 0056 of its §3.5 example.
  ticketTypes: [
    { ticketTypeCode: '0010', areaCategoryCode: STANDARD_AREA, description: '标准票', priceInCents: 10000 },
    { ticketTypeCode: '0056', areaCategoryCode: STANDARD_AREA, description: '学生票', priceInCents: 5000 },
    { ticketTypeCode: '0142', areaCategoryCode: STANDARD_AREA, description: 'webTicket 测试用代金券', priceInCents: 5000 },
    { ticketTypeCode: '0043', areaCategoryCode: PREFERRED_AREA, description: 'webTicket 测试用代金券(优选区)', priceInCents: 2000 },
    { ticketTypeCode: '0044', areaCategoryCode: PREFERRED_AREA, description: '优选区标准票', priceInCents: 12000 },
  ],
};

const imaxBlock = 'oooo.oooooooooooo.oooo';
const imaxFront = 'wwoo.oooooooooooo.ooww';

/** About 400 seats (the seat-map benchmark): 20 rows of 20 in three blocks, a cross aisle after row 11. */
const hallTwo: DemoHall = {
  screenName: '2号厅 IMAX',
  screenNumber: 2,
  attributes: ['IMAX', '3D'],
  areas: [
    {
      number: 1,
      areaCategoryCode: STANDARD_AREA,
      description: '二号厅 IMAX',
      top: 0,
      left: 0,
      rows: [
        ...Array.from({ length: 9 }, (_, i) => [String(20 - i), imaxBlock] as const),
        [null, '......................'],
        ...Array.from({ length: 10 }, (_, i) => [String(11 - i), imaxBlock] as const),
        ['1', imaxFront],
      ],
    },
  ],
  ticketTypes: [
    { ticketTypeCode: '0010', areaCategoryCode: STANDARD_AREA, description: '标准票', priceInCents: 6500 },
    { ticketTypeCode: '0056', areaCategoryCode: STANDARD_AREA, description: '学生票', priceInCents: 4500 },
  ],
};

/** Sofa pairs and a sofa for three at the back, wheelchair places in front, broken and held-back seats. */
const hallThree: DemoHall = {
  screenName: '3号厅',
  screenNumber: 3,
  attributes: ['数字2D'],
  areas: [
    {
      number: 1,
      areaCategoryCode: STANDARD_AREA,
      description: '三号厅',
      top: 0,
      left: 0,
      rows: [
        ['8', '.()..()..(-)..'],
        ['7', '.()..()..()...'],
        ['6', '.oooooooooooo.'],
        ['5', '.ooooxoooooko.'],
        ['4', '.oooooooooooo.'],
        ['3', '.oooorroooooo.'],
        ['2', '.oooooooooooo.'],
        ['1', '.ww.oooooo.ww.'],
      ],
    },
  ],
  ticketTypes: [
    { ticketTypeCode: '0010', areaCategoryCode: STANDARD_AREA, description: '标准票', priceInCents: 4500 },
    { ticketTypeCode: '0056', areaCategoryCode: STANDARD_AREA, description: '学生票', priceInCents: 3500 },
  ],
};

export const demoHalls: readonly DemoHall[] = [hallOne, hallTwo, hallThree];

export function hallOf(screenName: string): DemoHall {
  return demoHalls.find((h) => h.screenName === screenName) ?? hallOne;
}

/** Seat statuses of seed 003 §3.4. */
export const SeatStatus = { Empty: 0, Sold: 1, Reserved: 2, Wheelchair: 3, Broken: 5, SpecialReserved: 7 } as const;
export const SeatStyle = { Normal: 0, SofaLeft: 1, SofaMiddle: 2, SofaRight: 3 } as const;

export interface HallSeat {
  areaNumber: number;
  areaCategoryCode: string;
  rowIndex: number;
  columnIndex: number;
  /** Physical row (`7`) and seat (`10`): 7排10座. */
  rowName: string;
  seatNumber: string;
  seatStyle: number;
  /** The status the hall gives the seat before anyone buys it. */
  baseStatus: number;
  /** A sofa's seats (their column indexes in this row), sold together; null for a single seat. */
  sofaColumns: number[] | null;
}

const cellStatus: Record<string, number> = {
  o: SeatStatus.Empty,
  '(': SeatStatus.Empty,
  '-': SeatStatus.Empty,
  ')': SeatStatus.Empty,
  w: SeatStatus.Wheelchair,
  x: SeatStatus.Broken,
  r: SeatStatus.Reserved,
  k: SeatStatus.SpecialReserved,
};
const cellStyle: Record<string, number> = { '(': SeatStyle.SofaLeft, '-': SeatStyle.SofaMiddle, ')': SeatStyle.SofaRight };

/** Every seat of the hall; numbers count from the right end of each row, as in the seed's hall. */
export function hallSeats(hall: DemoHall): HallSeat[] {
  const seats: HallSeat[] = [];
  for (const area of hall.areas) {
    area.rows.forEach(([rowName, cells], rowIndex) => {
      if (rowName === null) return;
      const columns = [...cells].flatMap((cell, columnIndex) => (cell in cellStatus ? [{ cell, columnIndex }] : []));
      const sofas = sofaGroups(cells);
      columns.forEach(({ cell, columnIndex }, i) => {
        seats.push({
          areaNumber: area.number,
          areaCategoryCode: area.areaCategoryCode,
          rowIndex,
          columnIndex,
          rowName,
          seatNumber: String(columns.length - i),
          seatStyle: cellStyle[cell] ?? SeatStyle.Normal,
          baseStatus: cellStatus[cell]!,
          sofaColumns: sofas.find((group) => group.includes(columnIndex)) ?? null,
        });
      });
    });
  }
  return seats;
}

/** Runs of `(`, `-`…, `)` in a row: each is one sofa. */
function sofaGroups(cells: string): number[][] {
  const groups: number[][] = [];
  let open: number[] | null = null;
  [...cells].forEach((cell, column) => {
    if (cell === '(') open = [column];
    else if (cell === '-' && open) open.push(column);
    else if (cell === ')' && open) {
      groups.push([...open, column]);
      open = null;
    }
  });
  return groups;
}

export function areaColumnCount(area: HallAreaDrawing): number {
  return Math.max(...area.rows.map(([, cells]) => cells.length));
}
