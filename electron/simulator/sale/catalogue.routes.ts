import { formatVistaDate } from '../../core/central/vista-date';
import { demoFilms } from '../demo-data';
import { areaColumnCount, type HallSeat } from './halls';
import { ODataError, odataErrorBody, parseQuery, project, type EntityType } from './odata';
import type { SimSale } from './sale-state';
import type { SimSession } from '../central-sim.state';

/**
 * The catalogue calls of seed 003 §3.1–§3.4: OData `Cinemas` and `GetNowShowingScheduledFilms`,
 * RESTData ticket types and seat plan. Field names and codes as the seed's examples show them
 * (the seed's `Cinemald` is PDF extraction damage of `CinemaId`).
 */
export interface SaleReply {
  status: number;
  body: unknown;
}

export const CINEMA_OFFSET_MINUTES = 480;

const cinemaType: EntityType = {
  name: 'Vista.Cinema',
  properties: [
    'ID',
    'CinemaNationalId',
    'Name',
    'NameAlt',
    'PhoneNumber',
    'EmailAddress',
    'Address1',
    'Address2',
    'City',
    'Latitude',
    'Longitude',
    'ParkingInfo',
    'LoyaltyCode',
    'IsGiftStore',
    'Description',
    'DescriptionAlt',
    'PublicTransport',
    'AllowPrintAtHomeBookings',
    'AllowOnlineVoucherValidation',
    'DisplaySofaSeats',
  ],
};
const attributeType: EntityType = { name: 'Vista.SessionAttribute', properties: ['ID', 'Description', 'ShortName'] };
const sessionType: EntityType = {
  name: 'Vista.Session',
  properties: ['CinemaId', 'ScheduledFilmId', 'SessionId', 'Showtime', 'ScreenNumber', 'ScreenName', 'SeatsAvailable'],
  navigation: { Attributes: attributeType },
};
const filmType: EntityType = {
  name: 'Vista.ScheduledFilm',
  properties: ['ScheduledFilmId', 'CinemaId', 'Title', 'TitleAlt', 'ShortCode', 'RatingDescription', 'Synopsis', 'RunTime'],
  navigation: { Sessions: sessionType },
};

const synopses: Record<string, string> = {
  HO00012501: '导演:郭帆 主演:吴京 上映日期:2026-11-28',
  HO00012502: '导演:大鹏 主演:刘德华 上映日期:2026-11-14',
  HO00012503: '导演:饺子 上映日期:2026-10-01',
};

export function cinemas(sale: SimSale, params: URLSearchParams, cinema: { id: string; nationalId: string; name: string }): SaleReply {
  return odata(params, cinemaType, 'Cinemas', () => [
    {
      ID: cinema.id,
      CinemaNationalId: cinema.nationalId,
      Name: cinema.name,
      NameAlt: '',
      PhoneNumber: '',
      EmailAddress: null,
      Address1: 'Address1',
      Address2: 'Address2',
      City: 'China',
      Latitude: null,
      Longitude: null,
      ParkingInfo: '',
      LoyaltyCode: '',
      IsGiftStore: false,
      Description: '',
      DescriptionAlt: null,
      PublicTransport: '',
      AllowPrintAtHomeBookings: false,
      AllowOnlineVoucherValidation: true,
      DisplaySofaSeats: true,
    },
  ]);
}

/** Films with the sessions still on sale (before their cut-off); `cinemaId='0200'` narrows to one cinema. */
export function nowShowing(sale: SimSale, params: URLSearchParams): SaleReply {
  const cinemaParam = params.get('cinemaId') ?? params.get('CinemaId');
  const wanted = cinemaParam?.replace(/^'(.*)'$/u, '$1');
  return odata(params, filmType, 'ScheduledFilms', () => {
    if (wanted !== undefined && wanted !== sale.cinemaId) return [];
    const open = sale
      .sessions()
      .filter((s) => sale.onSale(s))
      .sort((a, b) => a.showtimeMs - b.showtimeMs);
    return demoFilms.flatMap((film) => {
      const sessions = open.filter((s) => s.filmId === film.id);
      if (sessions.length === 0) return [];
      return [
        {
          ScheduledFilmId: film.id,
          CinemaId: sale.cinemaId,
          Title: film.title,
          TitleAlt: '',
          ShortCode: film.shortCode,
          RatingDescription: '',
          Synopsis: synopses[film.id] ?? '',
          RunTime: String(film.runTime),
          Sessions: sessions.map((s) => sessionEntity(sale, s)),
        },
      ];
    });
  });
}

/** The `Sessions` entity set of seed 003 §1's `$filter` example: the sessions still on sale. */
export function sessions(sale: SimSale, params: URLSearchParams): SaleReply {
  return odata(params, sessionType, 'Sessions', () =>
    sale
      .sessions()
      .filter((s) => sale.onSale(s))
      .sort((a, b) => a.showtimeMs - b.showtimeMs)
      .map((s) => sessionEntity(sale, s)),
  );
}

function sessionEntity(sale: SimSale, s: SimSession) {
  const hall = sale.hallOf(s);
  return {
    CinemaId: sale.cinemaId,
    ScheduledFilmId: s.filmId,
    SessionId: s.sessionId,
    Showtime: localIso(s.showtimeMs),
    ScreenNumber: hall.screenNumber,
    ScreenName: s.screenName,
    SeatsAvailable: sale.availableSeatCount(s),
    Attributes: hall.attributes.map((description, i) => ({ ID: String(i + 1), Description: description, ShortName: description })),
  };
}

function odata(params: URLSearchParams, type: EntityType, set: string, rows: () => Record<string, unknown>[]): SaleReply {
  try {
    const query = parseQuery(params, type);
    const value = rows()
      .filter((row) => !query.filter || query.filter(row))
      .map((row) => project(row, type, query));
    const select = params.get('$select');
    return { status: 200, body: { 'odata.metadata': `$metadata#${set}${select ? `&$select=${select}` : ''}`, value } };
  } catch (error) {
    if (error instanceof ODataError) return { status: 400, body: odataErrorBody(error.message) };
    throw error;
  }
}

/** GetTicketsForSession: every ticket type of the session, per area category. */
export function ticketTypes(sale: SimSale, cinemaId: string, sessionId: string): SaleReply {
  const session = sale.findSession(cinemaId, sessionId);
  if (!session) return { status: 200, body: { ResponseCode: 4, ErrorDescription: invalidIds, Tickets: null } };
  const tickets = sale.hallOf(session).ticketTypes.map((t) => ({
    AreaCategoryCode: t.areaCategoryCode,
    CinemaId: sale.cinemaId,
    Description: t.description,
    DescriptionAlt: '',
    PriceGroupCode: '0029',
    PriceInCents: t.priceInCents,
    ResalePriceInCents: t.priceInCents,
    SalesChannels: ['POS', 'POSBK', 'RSP', 'TEST'],
    TicketTypeCode: t.ticketTypeCode,
  }));
  return { status: 200, body: { ResponseCode: 0, ErrorDescription: null, Tickets: tickets } };
}

const invalidIds = 'The CinemaId or SessionId is not valid';

/** GetSessionSeatPlan, with the three cases of seed §3.4's table (0 with seats, 67 null, 4 null). */
export function seatPlan(sale: SimSale, cinemaId: string, sessionId: string): SaleReply {
  const session = sale.findSession(cinemaId, sessionId);
  if (!session) return { status: 200, body: { ResponseCode: 4, ErrorDescription: invalidIds, SeatLayoutData: null } };
  if (sale.isSoldOut(session)) {
    return {
      status: 200,
      body: { ResponseCode: 67, ErrorDescription: 'The session requested is marked as sold out', SeatLayoutData: null },
    };
  }
  const hall = sale.hallOf(session);
  const plan = sale.seatPlan(session);
  const width = Math.max(...hall.areas.map((a) => a.left + areaColumnCount(a)));
  const height = Math.max(...hall.areas.map((a) => a.top + a.rows.length));
  // Top to bottom, the screen last: a client that stacks the areas in order draws the hall.
  const areas = [...hall.areas]
    .sort((a, b) => a.top - b.top || a.left - b.left)
    .map((area) => {
      const seats = plan.filter((s) => s.seat.areaNumber === area.number);
      const columnCount = areaColumnCount(area);
      return {
        AreaCategoryCode: area.areaCategoryCode,
        ColumnCount: columnCount,
        Description: area.description,
        DescriptionAlt: '',
        HasSofaSeatingEnabled: seats.some((s) => s.seat.sofaColumns !== null),
        Height: area.rows.length,
        IsAllocatedSeating: true,
        Left: area.left,
        Number: area.number,
        NumberOfSeats: seats.length,
        RowCount: area.rows.length,
        Rows: area.rows.map(([physicalName], rowIndex) => ({
          PhysicalName: physicalName,
          Seats: seats
            .filter((s) => s.seat.rowIndex === rowIndex)
            .sort((a, b) => a.seat.columnIndex - b.seat.columnIndex)
            .map((s) => seatJson(s.seat, s.status)),
        })),
        Top: area.top,
        Width: columnCount,
      };
    });
  return {
    status: 200,
    body: {
      ResponseCode: 0,
      ErrorDescription: null,
      SeatLayoutData: {
        AreaCategories: [],
        Areas: areas,
        BoundaryLeft: 0,
        BoundaryRight: width,
        BoundaryTop: 0,
        ScreenStart: 0,
        ScreenWidth: width,
        Height: height,
      },
    },
  };
}

function seatJson(seat: HallSeat, status: number) {
  const position = (columnIndex: number) => ({ AreaNumber: seat.areaNumber, ColumnIndex: columnIndex, RowIndex: seat.rowIndex });
  return {
    Id: seat.seatNumber,
    OriginalStatus: seat.baseStatus,
    Position: position(seat.columnIndex),
    Priority: 0,
    SeatStyle: seat.seatStyle,
    SeatsInGroup: seat.sofaColumns ? seat.sofaColumns.map(position) : null,
    Status: status,
  };
}

/** Local time of the cinema without offset, as OData's Edm.DateTime in the seed: `2016-10-19T10:30:00`. */
export function localIso(epochMs: number): string {
  return new Date(epochMs + CINEMA_OFFSET_MINUTES * 60_000).toISOString().slice(0, 19);
}

export function vistaDate(epochMs: number): string {
  return formatVistaDate(epochMs, CINEMA_OFFSET_MINUTES);
}
